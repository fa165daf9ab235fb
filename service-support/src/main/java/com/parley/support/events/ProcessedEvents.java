package com.parley.support.events;

import java.time.Instant;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;

import org.bson.Document;

/**
 * Remembers which events a consumer has handled, for side effects that must not repeat (an e-mail, a
 * counter). The unique key is {@code consumer:eventId} in {@code _id}, unique on every MongoDB server.
 */
public class ProcessedEvents {

    static final String COLLECTION = "processed_events";

    private final MongoTemplate mongo;

    public ProcessedEvents(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** True the first time this consumer sees this event, false for every redelivery. */
    public boolean markFirstDelivery(String consumer, UUID eventId) {
        try {
            mongo.insert(new Document("_id", consumer + ":" + eventId).append("at", Instant.now()), COLLECTION);
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    /**
     * True when this consumer already recorded the event. For consumers that make their side effect idempotent
     * themselves and mark only after it succeeded (check, act, {@link #markFirstDelivery}), so a crash between
     * the two repeats the side effect instead of losing it.
     */
    public boolean isProcessed(String consumer, UUID eventId) {
        return mongo.exists(new org.springframework.data.mongodb.core.query.Query(
                org.springframework.data.mongodb.core.query.Criteria.where("_id").is(consumer + ":" + eventId)),
                COLLECTION);
    }

    /** Forgets a delivery whose side effect failed, so the redelivery is processed. */
    public void forget(String consumer, UUID eventId) {
        mongo.remove(new org.springframework.data.mongodb.core.query.Query(
                org.springframework.data.mongodb.core.query.Criteria.where("_id").is(consumer + ":" + eventId)),
                COLLECTION);
    }
}
