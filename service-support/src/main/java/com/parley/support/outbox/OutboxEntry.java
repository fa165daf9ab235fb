package com.parley.support.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import com.parley.events.EventCodec;
import com.parley.events.EventEnvelope;

/**
 * An event waiting to be published, stored inside the very document whose change caused it (field
 * {@value Outbox#FIELD}), so the state change and the event are written by one atomic single-document update.
 */
public record OutboxEntry(String eventId, String topic, String key, String type, String json, Instant createdAt) {

    public static OutboxEntry of(EventEnvelope<?> event, EventCodec codec) {
        return new OutboxEntry(event.eventId().toString(), event.topic(), event.conversationId(), event.type(),
                new String(codec.encode(event), StandardCharsets.UTF_8), event.occurredAt());
    }
}
