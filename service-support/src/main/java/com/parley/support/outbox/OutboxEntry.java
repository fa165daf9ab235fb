package com.parley.support.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.springframework.data.annotation.PersistenceCreator;

import com.parley.events.EventCodec;
import com.parley.events.EventEnvelope;

/**
 * An event waiting to be published, stored inside the very document whose change caused it (field
 * {@value Outbox#FIELD}), so the state change and the event are written by one atomic single-document update.
 *
 * @param traceparent the trace of the request that wrote it (W3C form; null without tracing), so the relay's send
 *                    joins that trace however much later it happens
 */
public record OutboxEntry(String eventId, String topic, String key, String type, String json, Instant createdAt,
                          String traceparent) {

    @PersistenceCreator
    public OutboxEntry {
    }

    public OutboxEntry(String eventId, String topic, String key, String type, String json, Instant createdAt) {
        this(eventId, topic, key, type, json, createdAt, null);
    }

    public static OutboxEntry of(EventEnvelope<?> event, EventCodec codec) {
        return of(event, codec, null);
    }

    public static OutboxEntry of(EventEnvelope<?> event, EventCodec codec, String traceparent) {
        return new OutboxEntry(event.eventId().toString(), event.topic(), event.conversationId(), event.type(),
                new String(codec.encode(event), StandardCharsets.UTF_8), event.occurredAt(), traceparent);
    }
}
