package com.parley.support.outbox;

import org.springframework.data.mongodb.core.query.Update;

import com.parley.events.EventCodec;
import com.parley.events.EventEnvelope;

/**
 * Adds events to the same update that changes a document, and nudges the relay to publish them at once.
 * Usage: {@code mongo.findAndModify(query, outbox.append(update, event), …); outbox.flush();}
 */
public class Outbox {

    public static final String FIELD = "outbox";

    private final EventCodec codec;
    private final OutboxRelay relay;

    public Outbox(EventCodec codec, OutboxRelay relay) {
        this.codec = codec;
        this.relay = relay;
    }

    public Update append(Update update, EventEnvelope<?>... events) {
        for (EventEnvelope<?> event : events) {
            update.push(FIELD, entry(event));
        }
        return update;
    }

    public OutboxEntry entry(EventEnvelope<?> event) {
        return OutboxEntry.of(event, codec);
    }

    /** Call after the write succeeded: the relay publishes now instead of at its next poll. */
    public void flush() {
        relay.wakeUp();
    }
}
