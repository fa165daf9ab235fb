package com.parley.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Every event travels in this envelope. {@code conversationId} is also the Kafka record key, so one
 * conversation's events stay in order; {@code eventId} is what consumers de-duplicate on.
 */
public record EventEnvelope<P extends EventPayload>(
        UUID eventId,
        String type,
        int version,
        Instant occurredAt,
        String conversationId,
        Actor actor,
        P payload) {

    public EventEnvelope {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(payload, "payload");
    }

    /** A new event of the payload's type at its current schema version. */
    public static <P extends EventPayload> EventEnvelope<P> of(String conversationId, Actor actor, P payload,
                                                               Instant occurredAt) {
        EventType type = EventType.of(payload);
        return new EventEnvelope<>(UUID.randomUUID(), type.token(), type.version(), occurredAt, conversationId,
                actor == null ? Actor.SYSTEM : actor, payload);
    }

    public String topic() {
        return EventType.fromToken(type).map(EventType::topic).orElseThrow();
    }
}
