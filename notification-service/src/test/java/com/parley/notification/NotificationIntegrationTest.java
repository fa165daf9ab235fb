package com.parley.notification;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.parley.events.Actor;
import com.parley.events.EventEnvelope;
import com.parley.events.MessageSent;
import com.parley.events.PresenceKeys;
import com.parley.events.UserRef;
import com.parley.support.events.EventPublisher;
import com.parley.testsupport.ParleyIntegrationTest;
import com.parley.testsupport.TestHttp;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Base of this module's integration tests, so they all share one Spring context: the real broker, MongoDB wire
 * server and Redis of test-support, and {@link TestSmtp}. Windows and back-offs are short so tests are quick;
 * every wait polls with a deadline.
 */
@ParleyIntegrationTest(properties = {
        "parley.notification.coalescing.window=1500ms",
        "parley.notification.coalescing.sweep-interval=100ms",
        "parley.notification.delivery.attempts=2",
        "parley.notification.delivery.retry-backoff=50ms",
        "parley.notification.delivery.rounds=3",
        "parley.notification.delivery.round-backoff=300ms",
        "parley.notification.delivery.circuit-breaker.open-duration=300ms",
        "parley.notification.push.generate-if-missing=true",
        "parley.notification.push.allow-insecure-endpoints=true",
        "parley.notification.ticket-alerts.recipients=oncall-1",
        "spring.mail.properties.mail.smtp.connectiontimeout=1000"})
abstract class NotificationIntegrationTest {

    static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(10);

    @LocalServerPort
    int port;

    @Autowired
    EventPublisher events;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    MeterRegistry meters;

    @Autowired
    org.springframework.data.mongodb.core.MongoTemplate mongo;

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", TestSmtp::port);
    }

    TestHttp http() {
        return TestHttp.at(port);
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String mailOf(String userId) {
        return userId + "@parley.local";
    }

    /** A text message in a buyer–seller thread, as the messaging service publishes it. */
    static EventEnvelope<MessageSent> message(String conversationId, String senderId, String recipientId, long seq,
                                              String content) {
        return message(conversationId, senderId, "buyer", recipientId, seq, content);
    }

    static EventEnvelope<MessageSent> message(String conversationId, String senderId, String senderType,
                                              String recipientId, long seq, String content) {
        MessageSent payload = new MessageSent(UUID.randomUUID().toString(), seq, "buyer_seller",
                UserRef.of(senderId, "Name of " + senderId), senderType, "text", content, List.of(),
                "c-" + UUID.randomUUID(), null, Instant.now(), List.of(senderId, recipientId));
        return EventEnvelope.of(conversationId, Actor.of(senderId, senderType, "Name of " + senderId), payload,
                Instant.now());
    }

    void publish(EventEnvelope<?> event) {
        events.publishAndWait(event, PUBLISH_TIMEOUT);
    }

    /** What the realtime service writes while the user has a live WebSocket session. */
    void online(String userId) {
        redis.opsForValue().set(PresenceKeys.online(userId), "{\"status\":\"online\"}", Duration.ofMinutes(5));
    }

    void offline(String userId) {
        redis.delete(PresenceKeys.online(userId));
    }

    /** Waits until this service has handled the event (its idempotency mark exists). */
    void awaitHandled(EventEnvelope<?> event) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> mongo.exists(
                org.springframework.data.mongodb.core.query.Query.query(
                        org.springframework.data.mongodb.core.query.Criteria.where("_id")
                                .is("notification-service:" + event.eventId())), "processed_events"));
    }

    double counter(String outcome, String reason) {
        return meters.find("parley.notifications").tag("outcome", outcome).tag("reason", reason).counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }
}
