package com.parley.notification.delivery;

import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import com.parley.notification.pending.PendingNotification;
import com.parley.notification.pending.PendingNotifications;
import com.parley.notification.system.NotificationProperties;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Every {@code sweep-interval}, leases the digests whose window has closed and delivers them. Any number of
 * instances may sweep at once: the lease decides who sends what.
 */
@Component
public class DigestSweeper implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DigestSweeper.class);

    private final PendingNotifications pending;
    private final DigestDelivery delivery;
    private final NotificationProperties.Coalescing settings;
    private final AtomicLong waiting = new AtomicLong();
    private final MeterRegistry meters;
    private volatile ScheduledExecutorService scheduler;

    DigestSweeper(PendingNotifications pending, DigestDelivery delivery, NotificationProperties properties,
                  MeterRegistry meters) {
        this.pending = pending;
        this.delivery = delivery;
        this.settings = properties.coalescing();
        this.meters = meters;
        // the backlog: digests waiting for their window to close, for a retry round or for quiet hours to end
        Gauge.builder("parley.notifications.pending", waiting, AtomicLong::get)
                .description("Pending notification digests")
                .register(meters);
    }

    /** Delivers what is due now; returns how many digests it handled. */
    public int sweepOnce() {
        int handled = 0;
        while (handled < settings.batchSize()) {
            Optional<PendingNotification> due = pending.claimDue();
            if (due.isEmpty()) {
                break;
            }
            handled++;
            try {
                delivery.deliver(due.get());
            } catch (RuntimeException e) {
                // the lease runs out and a later sweep (here or elsewhere) takes the digest again
                meters.counter("parley.notifications.sweep.errors").increment();
                log.warn("Delivering {} failed, it will be retried after its lease: {}", due.get().id(), e.toString());
            }
        }
        waiting.set(pending.countWaiting());
        return handled;
    }

    private void sweepSafely() {
        try {
            sweepOnce();
        } catch (RuntimeException e) {
            meters.counter("parley.notifications.sweep.errors").increment();
            log.warn("Notification sweep failed: {}", e.toString());
        }
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("digest-sweeper").daemon()
                .factory());
        long interval = settings.sweepInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::sweepSafely, interval, interval, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledExecutorService current = scheduler;
        scheduler = null;
        if (current != null) {
            current.shutdown();
            try {
                current.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
