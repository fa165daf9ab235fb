package com.parley.realtime;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.parley.events.Actor;
import com.parley.events.ConversationClaimed;
import com.parley.events.ConversationCreated;
import com.parley.events.EventEnvelope;
import com.parley.events.MessageSent;
import com.parley.events.UserRef;
import com.parley.support.events.EventPublisher;

/** Publishes events to the real broker the way the conversation and messaging services do. */
final class TestEvents {

    private final EventPublisher publisher;

    TestEvents(EventPublisher publisher) {
        this.publisher = publisher;
    }

    static String newId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    void ticketCreated(String conversationId, String customerId) {
        publish(EventEnvelope.of(conversationId, Actor.of(customerId, "customer", "Customer " + customerId),
                new ConversationCreated("support", "T-" + conversationId, "pending", "medium", "Where is my order?",
                        UserRef.of(customerId, "Customer " + customerId), null, null, "order-1", null, List.of(),
                        Instant.now().plusSeconds(600), Instant.now(), "Hello?", List.of(customerId)),
                Instant.now()));
    }

    void ticketCreatedWithSubject(String conversationId, String customerId, String subject) {
        publish(EventEnvelope.of(conversationId, Actor.of(customerId, "customer", "C"),
                new ConversationCreated("support", "T-" + conversationId, "pending", "medium", subject,
                        UserRef.of(customerId, "C"), null, null, null, null, List.of(), null, Instant.now(), null,
                        List.of(customerId)),
                Instant.now()));
    }

    void claimed(String conversationId, String staffId, String customerId) {
        publish(EventEnvelope.of(conversationId, Actor.of(staffId, "staff", "Staff " + staffId),
                new ConversationClaimed("T-" + conversationId, UserRef.of(staffId, "Staff " + staffId), Instant.now(),
                        customerId, List.of(customerId, staffId)),
                Instant.now()));
    }

    void message(String conversationId, long seq, String senderId, String senderType, List<String> participants) {
        publish(EventEnvelope.of(conversationId, Actor.of(senderId, senderType, senderId),
                new MessageSent("m-" + conversationId + "-" + seq, seq, "support", UserRef.of(senderId, senderId),
                        senderType, "text", "message " + seq, List.of(), "c-" + seq, null, Instant.now(),
                        participants),
                Instant.now()));
    }

    void publish(EventEnvelope<?> event) {
        publisher.publishAndWait(event, Duration.ofSeconds(10));
    }
}
