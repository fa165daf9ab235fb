package com.parley.notification.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import com.parley.notification.channel.Notification;
import com.parley.notification.channel.NotificationChannel;
import com.parley.notification.log.NotificationLog;
import com.parley.notification.pending.PendingNotification;
import com.parley.notification.pending.PendingNotifications;
import com.parley.notification.preferences.PreferencesService;
import com.parley.notification.preferences.RecipientSettings;
import com.parley.notification.presence.Presence;
import com.parley.notification.system.NotificationProperties;
import com.parley.support.observability.TraceContexts;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;

/**
 * Sends one due digest the caller has leased: re-checks presence and preferences at send time, delivers on
 * each channel the recipient allows, and ends every path in exactly one of sent, suppressed, deferred,
 * retried later or dead-lettered, each one logged.
 */
@Component
class DigestDelivery {

    private static final Logger log = LoggerFactory.getLogger(DigestDelivery.class);

    private final PendingNotifications pending;
    private final PreferencesService preferences;
    private final Presence presence;
    private final ResilientChannels channels;
    private final DigestComposer composer;
    private final DeadLetters deadLetters;
    private final NotificationLog notificationLog;
    private final NotificationMetrics metrics;
    private final MeterRegistry meters;
    private final NotificationProperties.Delivery settings;
    private final Clock clock;
    private final TraceContexts traces;
    private final Tracer tracer;

    DigestDelivery(PendingNotifications pending, PreferencesService preferences, Presence presence,
                   ResilientChannels channels, DigestComposer composer, DeadLetters deadLetters,
                   NotificationLog notificationLog, NotificationMetrics metrics, MeterRegistry meters,
                   NotificationProperties properties, Clock clock, TraceContexts traces,
                   ObjectProvider<Tracer> tracer) {
        this.traces = traces;
        this.tracer = tracer.getIfAvailable(() -> Tracer.NOOP);
        this.pending = pending;
        this.preferences = preferences;
        this.presence = presence;
        this.channels = channels;
        this.composer = composer;
        this.deadLetters = deadLetters;
        this.notificationLog = notificationLog;
        this.metrics = metrics;
        this.meters = meters;
        this.settings = properties.delivery();
        this.clock = clock;
    }

    /**
     * Sends it as span {@code notification send} in the trace of the event that opened the digest (stored with
     * the item), so a trace shows the notification its message caused, however much later it left.
     */
    void deliver(PendingNotification digest) {
        String traceparent = digest.items().isEmpty() ? null : digest.items().getFirst().traceparent();
        if (traceparent == null) {
            deliverNow(digest);
            return;
        }
        try (TraceContexts.Scope cause = traces.continueFrom(traceparent)) {
            Span span = tracer.nextSpan().name("notification send").tag("parley.digest.subject", digest.subject())
                    .start();
            try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
                deliverNow(digest);
            } catch (RuntimeException e) {
                span.error(e);
                throw e;
            } finally {
                span.end();
            }
        }
    }

    private void deliverNow(PendingNotification digest) {
        if (recipientIsOnline(digest)) {
            // they came online during the window and see it in the app
            metrics.suppressed(NotificationMetrics.ALL_CHANNELS, "online", digest.count());
            notificationLog.record(digest, NotificationMetrics.ALL_CHANNELS, "suppressed", "online", null, 0, null);
            pending.complete(digest);
            return;
        }
        RecipientSettings recipient = preferences.settingsOf(digest.recipientId());
        Instant now = clock.instant();
        Instant quietUntil = recipient.quietHours() == null ? null : recipient.quietHours().endOfQuietSpan(now);
        if (quietUntil != null) {
            meters.counter("parley.notifications.deferred", "reason", "quiet_hours").increment();
            log.info("Notification {} for {} deferred to {} (quiet hours)", digest.id(), digest.recipientId(), quietUntil);
            pending.deferUntil(digest, quietUntil);
            return;
        }
        List<NotificationChannel> usable = channels.channels().stream().filter(c -> c.reaches(recipient)).toList();
        if (usable.isEmpty()) {
            metrics.suppressed(NotificationMetrics.ALL_CHANNELS, "preference", digest.count());
            notificationLog.record(digest, NotificationMetrics.ALL_CHANNELS, "suppressed", "preference", null, 0, null);
            pending.complete(digest);
            return;
        }
        Notification notification = composer.compose(digest, recipient.language());
        List<String> done = new ArrayList<>(digest.deliveredChannels());
        Map<String, Integer> tries = new LinkedHashMap<>();
        Map<String, String> failures = new LinkedHashMap<>();
        for (NotificationChannel channel : usable) {
            if (done.contains(channel.name())) {
                continue;
            }
            ResilientChannels.Attempt attempt = channels.deliver(channel, recipient, notification);
            tries.put(channel.name(), attempt.tries());
            int attempts = digest.tries().getOrDefault(channel.name(), 0) + attempt.tries();
            switch (attempt.result()) {
                case DELIVERED -> {
                    done.add(channel.name());
                    metrics.sent(channel.name());
                    metrics.suppressed(channel.name(), "coalesced", digest.count() - 1);
                    meters.timer("parley.notifications.delay", "channel", channel.name())
                            .record(Duration.between(digest.windowStart(), clock.instant()));
                    notificationLog.record(digest, channel.name(), "sent", null, notification.title(), attempts, null);
                }
                case PERMANENT_FAILURE -> {
                    deadLetters.park(digest, channel.name(), "permanent_failure", attempt.error());
                    done.add(channel.name());
                    metrics.failed(channel.name(), "permanent_failure");
                    notificationLog.record(digest, channel.name(), "failed", "permanent_failure",
                            notification.title(), attempts, attempt.error());
                }
                case FAILED -> failures.put(channel.name(), attempt.error());
            }
        }
        if (failures.isEmpty()) {
            pending.complete(digest);
            return;
        }
        int round = digest.rounds() + 1;
        if (round >= settings.rounds()) {
            failures.forEach((channel, error) -> {
                deadLetters.park(digest, channel, "retries_exhausted", error);
                metrics.failed(channel, "retries_exhausted");
                notificationLog.record(digest, channel, "failed", "retries_exhausted", notification.title(),
                        digest.tries().getOrDefault(channel, 0) + tries.getOrDefault(channel, 0), error);
            });
            pending.complete(digest);
            return;
        }
        Duration delay = backoff(digest.rounds());
        failures.forEach((channel, error) -> notificationLog.record(digest, channel, "retry_scheduled", null,
                notification.title(), digest.tries().getOrDefault(channel, 0) + tries.getOrDefault(channel, 0), error));
        pending.retryLater(digest, delay, done, tries, String.join("; ", failures.values()));
    }

    private boolean recipientIsOnline(PendingNotification digest) {
        if ("new_tickets".equals(digest.subject())) {
            return presence.anyStaffOnline() || presence.isOnline(digest.recipientId());
        }
        return presence.isOnline(digest.recipientId());
    }

    private Duration backoff(int failedRounds) {
        Duration delay = settings.roundBackoff().multipliedBy(1L << Math.min(failedRounds, 20));
        return delay.compareTo(settings.maxRoundBackoff()) > 0 ? settings.maxRoundBackoff() : delay;
    }
}
