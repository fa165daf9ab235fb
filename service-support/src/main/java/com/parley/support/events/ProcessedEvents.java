package com.parley.support.events;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;

import org.bson.Document;

/**
 * Remembers which events a consumer has handled, for side effects that must not repeat (an e-mail, a
 * counter). The unique key is {@code consumer:eventId} in {@code _id}, unique on every MongoDB server.
 *
 * <p>Entries expire after {@code retention} (longer than any redelivery window), by a TTL index on {@code at} on
 * MongoDB, and by {@link #purgeExpired()} (run every {@code purgeEvery}) where the server ignores TTL indexes:
 * the MongoDB wire server accepts the index but never expires anything.
 */
public class ProcessedEvents implements AutoCloseable {

    static final String COLLECTION = "processed_events";
    static final String TTL_INDEX = "at_ttl";
    private static final Logger log = LoggerFactory.getLogger(ProcessedEvents.class);

    private final MongoTemplate mongo;
    private final Duration retention;
    private final Clock clock;
    private final ScheduledExecutorService purger;

    public ProcessedEvents(MongoTemplate mongo) {
        this(mongo, new ProcessedEventsProperties(null, null), Clock.systemUTC());
    }

    public ProcessedEvents(MongoTemplate mongo, ProcessedEventsProperties properties, Clock clock) {
        this.mongo = mongo;
        this.retention = properties.retention();
        this.clock = clock;
        this.purger = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("processed-events-purge").factory());
        long every = properties.purgeEvery().toMillis();
        purger.scheduleWithFixedDelay(this::ensureExpiry, 0, every, TimeUnit.MILLISECONDS);
    }

    /** Declares the TTL index (again, if someone dropped it) and deletes what has expired. */
    private void ensureExpiry() {
        try {
            mongo.indexOps(COLLECTION).createIndex(new Index().on("at", Sort.Direction.ASC).named(TTL_INDEX)
                    .expire(retention));
            purgeExpired();
        } catch (RuntimeException e) {
            // MongoDB down: the next round tries again; nothing is lost by purging later
            log.warn("Could not expire processed events: {}", e.getMessage());
        }
    }

    /** Deletes entries older than the retention; returns how many. */
    public long purgeExpired() {
        long removed = mongo.remove(new org.springframework.data.mongodb.core.query.Query(
                org.springframework.data.mongodb.core.query.Criteria.where("at").lt(clock.instant().minus(retention))),
                COLLECTION).getDeletedCount();
        if (removed > 0) {
            log.info("Forgot {} processed events older than {}", removed, retention);
        }
        return removed;
    }

    @Override
    public void close() {
        purger.shutdownNow();
    }

    /** True the first time this consumer sees this event, false for every redelivery. */
    public boolean markFirstDelivery(String consumer, UUID eventId) {
        try {
            mongo.insert(new Document("_id", consumer + ":" + eventId).append("at", clock.instant()), COLLECTION);
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
