package com.parley.support.outbox;

import java.util.Arrays;
import java.util.List;

import org.springframework.data.mongodb.core.query.Update;

import com.parley.events.EventCodec;
import com.parley.events.EventEnvelope;
import com.parley.support.observability.TraceContexts;

/**
 * Adds events to the same update that changes a document, and hands them to Kafka once that write succeeded.
 * Usage: {@code mongo.findAndModify(query, outbox.append(update, event), …); outbox.publish(collection, id, event);}
 */
public class Outbox {

    public static final String FIELD = "outbox";

    private final EventCodec codec;
    private final OutboxRelay relay;
    private final TraceContexts traces;

    public Outbox(EventCodec codec, OutboxRelay relay) {
        this(codec, relay, TraceContexts.NONE);
    }

    public Outbox(EventCodec codec, OutboxRelay relay, TraceContexts traces) {
        this.codec = codec;
        this.relay = relay;
        this.traces = traces;
    }

    public Update append(Update update, EventEnvelope<?>... events) {
        for (EventEnvelope<?> event : events) {
            update.push(FIELD, entry(event));
        }
        return update;
    }

    public OutboxEntry entry(EventEnvelope<?> event) {
        // the writer's trace, kept with the event: the relay continues it when it sends, now or after a crash
        return OutboxEntry.of(event, codec, traces.currentTraceparent());
    }

    /** Call after the write that stored {@code entries} succeeded: they leave for Kafka now, without waiting. */
    public void publish(String collection, Object documentId, List<OutboxEntry> entries) {
        relay.publish(collection, documentId, entries);
    }

    /** As {@link #publish(String, Object, List)} for the events that were {@link #append appended}. */
    public void publish(String collection, Object documentId, EventEnvelope<?>... events) {
        relay.publish(collection, documentId, Arrays.stream(events).map(this::entry).toList());
    }
}
