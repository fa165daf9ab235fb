package com.parley.notification.push;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.parley.notification.channel.Notification;
import com.parley.notification.channel.NotificationChannel;
import com.parley.notification.channel.PermanentDeliveryException;
import com.parley.notification.preferences.RecipientSettings;
import com.parley.notification.system.NotificationProperties;

import tools.jackson.databind.json.JsonMapper;

/**
 * Web Push to every subscription of the recipient: the payload encrypted for each browser (RFC 8291),
 * the request signed with VAPID (RFC 8292). A subscription the push service reports gone (404/410) is
 * removed; a push service that is down or throttling (429, 5xx, I/O) fails the attempt so it is retried.
 */
@Component
class WebPushChannel implements NotificationChannel {

    private static final Logger log = LoggerFactory.getLogger(WebPushChannel.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration JWT_VALIDITY = Duration.ofHours(12);

    private final PushSubscriptions subscriptions;
    private final VapidKeys vapid;
    private final NotificationProperties.Push settings;
    private final Clock clock;
    private final HttpClient http;

    WebPushChannel(PushSubscriptions subscriptions, VapidKeys vapid, NotificationProperties properties, Clock clock) {
        this.subscriptions = subscriptions;
        this.vapid = vapid;
        this.settings = properties.push();
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
    }

    @Override
    public String name() {
        return "push";
    }

    @Override
    public boolean reaches(RecipientSettings recipient) {
        return recipient.pushEnabled() && vapid.available() && subscriptions.any(recipient.userId());
    }

    @Override
    public void deliver(RecipientSettings recipient, Notification notification) {
        byte[] payload = payload(notification);
        List<String> transientFailures = new ArrayList<>();
        List<String> permanentFailures = new ArrayList<>();
        List<PushSubscription> targets = subscriptions.of(recipient.userId());
        for (PushSubscription subscription : targets) {
            try {
                int status = send(subscription, payload);
                if (status == 404 || status == 410) {
                    log.info("Push subscription {} of {} is gone ({}), removing it", subscription.id(),
                            recipient.userId(), status);
                    subscriptions.forget(subscription);
                } else if (status == 429 || status >= 500) {
                    transientFailures.add(subscription.id() + ": HTTP " + status);
                } else if (status >= 400) {
                    permanentFailures.add(subscription.id() + ": HTTP " + status);
                }
            } catch (IOException e) {
                transientFailures.add(subscription.id() + ": " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while pushing", e);
            }
        }
        if (!transientFailures.isEmpty()) {
            throw new IllegalStateException("Push failed: " + String.join("; ", transientFailures));
        }
        if (!permanentFailures.isEmpty() && permanentFailures.size() == targets.size()) {
            throw new PermanentDeliveryException("Push refused: " + String.join("; ", permanentFailures), null);
        }
    }

    private int send(PushSubscription subscription, byte[] payload) throws IOException, InterruptedException {
        byte[] body = WebPushEncryption.encrypt(payload, P256.fromBase64Url(subscription.p256dh()),
                P256.fromBase64Url(subscription.auth()));
        URI endpoint = URI.create(subscription.endpoint());
        String audience = endpoint.getScheme() + "://" + endpoint.getHost()
                + (endpoint.getPort() == -1 ? "" : ":" + endpoint.getPort());
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(settings.timeout())
                .header("Authorization", vapid.authorization(audience, clock.instant(), JWT_VALIDITY))
                .header("Content-Encoding", "aes128gcm")
                .header("Content-Type", "application/octet-stream")
                .header("TTL", String.valueOf(settings.ttl().toSeconds()))
                .header("Urgency", "normal")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The JSON the web app's service worker shows; shortened to fit one encrypted record. */
    static byte[] payload(Notification notification) {
        String body = notification.body();
        while (true) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("title", notification.title());
            json.put("body", body);
            json.put("url", notification.url());
            json.put("tag", notification.tag());
            json.put("conversationId", notification.conversationId());
            json.put("lang", notification.language() == null ? null : notification.language().tag());
            json.put("count", notification.itemCount());
            byte[] bytes = JSON.writeValueAsString(json).getBytes(StandardCharsets.UTF_8);
            if (bytes.length <= WebPushEncryption.MAX_PLAINTEXT || body.isEmpty()) {
                return bytes;
            }
            body = body.substring(0, body.length() / 2) + "…";
        }
    }
}
