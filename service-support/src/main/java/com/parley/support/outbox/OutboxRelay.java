package com.parley.support.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import com.parley.support.events.EventPublisher;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Publishes outbox entries and removes each one only after the broker acknowledged it. At least once:
 * a crash between the two, or two relays on two instances, can publish an entry twice, which consumers
 * absorb (idempotent on eventId). While Kafka is down the entries simply wait; writes keep succeeding.
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final MongoTemplate mongo;
    private final EventPublisher publisher;
    private final List<OutboxSource> sources;
    private final OutboxProperties properties;
    private final MeterRegistry meters;
    private final Timer lag;
    private final Semaphore wakeUp = new Semaphore(0);
    private volatile boolean running;
    private volatile Thread worker;

    public OutboxRelay(MongoTemplate mongo, EventPublisher publisher, List<OutboxSource> sources,
                       OutboxProperties properties, MeterRegistry meters) {
        this.mongo = mongo;
        this.publisher = publisher;
        this.sources = sources;
        this.properties = properties;
        this.meters = meters;
        this.lag = Timer.builder("parley.outbox.lag")
                .description("Time from an event's write to its acknowledgement by Kafka")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
    }

    public void wakeUp() {
        wakeUp.release();
    }

    /** One pass over every source; returns how many events were published. Public for tests and tools. */
    public int drainOnce() {
        int published = 0;
        for (OutboxSource source : sources) {
            published += drain(source);
        }
        return published;
    }

    private int drain(OutboxSource source) {
        Query pending = new Query(Criteria.where(Outbox.FIELD + ".0").exists(true)).limit(properties.batchSize());
        pending.fields().include("_id").include(Outbox.FIELD);
        if (source.orderField() != null) {
            pending.with(Sort.by(source.orderField()));
        }
        int published = 0;
        for (Document doc : mongo.find(pending, Document.class, source.collection())) {
            List<Document> entries = doc.getList(Outbox.FIELD, Document.class, List.of());
            for (Document entry : entries) {
                String type = entry.getString("type");
                publisher.publishRawAndWait(entry.getString("topic"), entry.getString("key"), type,
                        entry.getString("json").getBytes(StandardCharsets.UTF_8), properties.publishTimeout());
                mongo.updateFirst(new Query(Criteria.where("_id").is(doc.get("_id"))),
                        new Update().pull(Outbox.FIELD, new Document("eventId", entry.getString("eventId"))),
                        source.collection());
                Object createdAt = entry.get("createdAt");
                if (createdAt instanceof Date date) {
                    lag.record(Duration.between(date.toInstant(), Instant.now()));
                }
                meters.counter("parley.outbox.relayed", "collection", source.collection(), "type", type).increment();
                published++;
            }
        }
        return published;
    }

    private void loop() {
        long backoffMillis = 0;
        while (running) {
            try {
                long wait = backoffMillis > 0 ? backoffMillis : properties.pollInterval().toMillis();
                wakeUp.tryAcquire(wait, TimeUnit.MILLISECONDS);
                wakeUp.drainPermits();
                if (!running) {
                    return;
                }
                int published;
                do {
                    published = drainOnce();
                } while (published >= properties.batchSize() && running);
                if (backoffMillis > 0) {
                    log.info("Outbox relay recovered; publishing again");
                }
                backoffMillis = 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                backoffMillis = Math.min(Math.max(backoffMillis * 2, 250), properties.maxBackoff().toMillis());
                meters.counter("parley.outbox.failures").increment();
                log.warn("Outbox relay could not publish, retrying in {} ms: {}", backoffMillis, e.getMessage());
            }
        }
    }

    @Override
    public void start() {
        if (!properties.enabled() || running) {
            return;
        }
        running = true;
        worker = Thread.ofVirtual().name("outbox-relay").start(this::loop);
    }

    @Override
    public void stop() {
        running = false;
        Thread current = worker;
        if (current != null) {
            wakeUp.release();
            try {
                current.join(properties.publishTimeout().toMillis() + 1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
