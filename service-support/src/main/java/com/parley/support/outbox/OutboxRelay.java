package com.parley.support.outbox;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.index.PartialIndexFilter;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import com.parley.support.events.EventPublisher;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Gets outbox entries to Kafka and removes each one only after the broker acknowledged it.
 * <ul>
 * <li><b>Direct</b>: right after a write, its entries go to the producer without waiting
 * ({@link #publish}); acknowledgements are collected and their entries removed in batches by one background
 * thread. Nothing on the request path waits for Kafka or scans a collection.</li>
 * <li><b>Retry</b>: an entry whose direct send failed (broker down) is retried by this instance, in order, with
 * back-off; while any is waiting, later writes queue behind it, so one conversation's events never overtake
 * each other here.</li>
 * <li><b>Sweep</b>: every {@code sweepInterval} (stretching to {@code quietSweepInterval} while sweeps find
 * nothing), entries older than {@code orphanAfter} that nobody is handling (an instance crashed before the
 * acknowledgement) are published in the source's order. Only the instance that
 * holds the collection's lease sweeps it, so two instances never publish one conversation's backlog
 * interleaved.</li>
 * </ul>
 * At least once: a crash between acknowledgement and removal publishes an entry again, which consumers absorb
 * (idempotent on eventId, guarded by seq/version). While Kafka is down the entries simply wait; writes keep
 * succeeding.
 */
public class OutboxRelay implements SmartLifecycle {

    static final String LEASES = "outbox_leases";
    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final MongoTemplate mongo;
    private final EventPublisher publisher;
    private final List<OutboxSource> sources;
    private final OutboxProperties properties;
    private final MeterRegistry meters;
    private final String owner;
    private final Timer lag;
    private final ConcurrentLinkedQueue<Acknowledged> acknowledged = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Semaphore removalsDue = new Semaphore(0);
    private final Semaphore sweepDue = new Semaphore(0);
    /** A direct publish failed and the relay has not published since (for logging the turn once). */
    private volatile boolean brokerFailing;
    private volatile boolean running;
    private volatile Thread sweeper;
    private volatile Thread remover;

    private record Acknowledged(String collection, Object documentId, String eventId) {
    }

    private record Failed(String collection, Object documentId, OutboxEntry entry) {
    }

    /** Beyond this many, failed entries are left to the sweep alone (they are safe in MongoDB either way). */
    private static final int MAX_RETRY_QUEUE = 20_000;
    private final ConcurrentLinkedQueue<Failed> retries = new ConcurrentLinkedQueue<>();
    private final Set<String> retrying = ConcurrentHashMap.newKeySet();

    public OutboxRelay(MongoTemplate mongo, EventPublisher publisher, List<OutboxSource> sources,
                       OutboxProperties properties, MeterRegistry meters) {
        this.mongo = mongo;
        this.publisher = publisher;
        this.sources = sources;
        this.properties = properties;
        this.meters = meters;
        this.owner = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();
        this.lag = Timer.builder("parley.outbox.lag")
                .description("Time from an event's write to its acknowledgement by Kafka")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
        meters.gauge("parley.outbox.in.flight", inFlight);
        meters.gauge("parley.outbox.retrying", retrying, Set::size);
    }

    /**
     * Call right after the write that stored {@code entries} in document {@code documentId} of {@code collection}
     * succeeded. Returns at once. Callers that need one conversation's events in order call this in that order
     * (e.g. while holding the lock that serialised their writes).
     */
    public void publish(String collection, Object documentId, List<OutboxEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        if (!properties.directPublish() || !running) {
            sweepDue.release();
            return;
        }
        if (!retrying.isEmpty()) { // behind earlier failures, in order
            entries.forEach(entry -> retryLater(collection, documentId, entry));
            return;
        }
        for (OutboxEntry entry : entries) {
            inFlight.incrementAndGet();
            publisher.publishRaw(entry.topic(), entry.key(), entry.type(), entry.json().getBytes(StandardCharsets.UTF_8),
                            entry.traceparent())
                    .whenComplete((ok, error) -> {
                        inFlight.decrementAndGet();
                        if (error == null) {
                            acknowledged(collection, documentId, entry.eventId(), entry.type(), entry.createdAt());
                        } else {
                            meters.counter("parley.outbox.direct.failures", "collection", collection).increment();
                            if (!brokerFailing) {
                                log.warn("Direct publish of {} {} failed; retrying in order with back-off: {}",
                                        entry.type(), entry.eventId(), error.toString());
                            }
                            brokerFailing = true;
                            retryLater(collection, documentId, entry);
                        }
                    });
        }
    }

    private void retryLater(String collection, Object documentId, OutboxEntry entry) {
        if (retrying.size() < MAX_RETRY_QUEUE && retrying.add(entry.eventId())) {
            retries.add(new Failed(collection, documentId, entry));
        }
        sweepDue.release();
    }

    /** Publishes the failed entries oldest first, each waiting for the broker; stops at the first failure. */
    int retryFailed() {
        int published = 0;
        for (Failed failed; (failed = retries.peek()) != null; ) {
            OutboxEntry entry = failed.entry();
            publisher.publishRawAndWait(entry.topic(), entry.key(), entry.type(),
                    entry.json().getBytes(StandardCharsets.UTF_8), properties.publishTimeout(), entry.traceparent());
            retries.poll();
            retrying.remove(entry.eventId());
            acknowledged(failed.collection(), failed.documentId(), entry.eventId(), entry.type(), entry.createdAt());
            published++;
        }
        return published;
    }

    private void acknowledged(String collection, Object documentId, String eventId, String type, Instant createdAt) {
        if (createdAt != null) {
            lag.record(Duration.between(createdAt, Instant.now()));
        }
        meters.counter("parley.outbox.relayed", "collection", collection, "type", type).increment();
        acknowledged.add(new Acknowledged(collection, documentId, eventId));
        removalsDue.release();
    }

    /**
     * Removes acknowledged entries: one bulk write per collection for everything acknowledged meanwhile. If
     * MongoDB is unreachable they stay queued; at worst the sweep publishes them once more.
     */
    int removeAcknowledged() {
        List<Acknowledged> batch = new ArrayList<>();
        for (Acknowledged a; batch.size() < properties.batchSize() * 5 && (a = acknowledged.poll()) != null; ) {
            batch.add(a);
        }
        if (batch.isEmpty()) {
            return 0;
        }
        Map<String, Map<Object, List<String>>> byDocument = new LinkedHashMap<>();
        for (Acknowledged a : batch) {
            byDocument.computeIfAbsent(a.collection(), c -> new LinkedHashMap<>())
                    .computeIfAbsent(a.documentId(), d -> new ArrayList<>()).add(a.eventId());
        }
        try {
            byDocument.forEach((collection, documents) -> {
                BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, collection);
                documents.forEach((id, eventIds) -> bulk.updateOne(Query.query(Criteria.where("_id").is(id)),
                        new Update().pull(Outbox.FIELD, Query.query(Criteria.where("eventId").in(eventIds)))));
                bulk.execute();
            });
            return batch.size();
        } catch (DataAccessException e) {
            acknowledged.addAll(batch);
            throw e;
        }
    }

    /**
     * One sweep over every source this instance holds the lease of: publishes (and waits for) entries the direct
     * path left behind, oldest first in the source's order, and removes them. Returns how many were published.
     */
    public int sweepOnce() {
        int published = 0;
        for (OutboxSource source : sources) {
            if (holdsLease(source.collection())) {
                published += sweep(source);
            }
        }
        return published;
    }

    private int sweep(OutboxSource source) {
        Instant cutoff = Instant.now().minus(properties.orphanAfter());
        Query orphans = new Query(Criteria.where(Outbox.FIELD + ".createdAt").lt(Date.from(cutoff)))
                .limit(properties.batchSize());
        orphans.fields().include("_id").include(Outbox.FIELD);
        if (source.orderField() != null) {
            orphans.with(Sort.by(source.orderField()));
        }
        int published = 0;
        for (Document doc : mongo.find(orphans, Document.class, source.collection())) {
            for (Document entry : doc.getList(Outbox.FIELD, Document.class, List.of())) {
                if (retrying.contains(entry.getString("eventId"))) {
                    continue; // this instance retries it itself, in order
                }
                String type = entry.getString("type");
                publisher.publishRawAndWait(entry.getString("topic"), entry.getString("key"), type,
                        entry.getString("json").getBytes(StandardCharsets.UTF_8), properties.publishTimeout(),
                        entry.getString("traceparent"));
                mongo.updateFirst(Query.query(Criteria.where("_id").is(doc.get("_id"))),
                        new Update().pull(Outbox.FIELD, new Document("eventId", entry.getString("eventId"))),
                        source.collection());
                Object createdAt = entry.get("createdAt");
                if (createdAt instanceof Date date) {
                    lag.record(Duration.between(date.toInstant(), Instant.now()));
                }
                meters.counter("parley.outbox.relayed", "collection", source.collection(), "type", type).increment();
                meters.counter("parley.outbox.swept", "collection", source.collection()).increment();
                published++;
            }
        }
        if (published > 0) {
            log.info("Outbox sweep published {} event(s) of {} that the direct path had not", published,
                    source.collection());
        }
        return published;
    }

    /** Takes or renews this instance's lease on sweeping {@code collection}; false while another holds it. */
    boolean holdsLease(String collection) {
        Date now = new Date();
        Query free = Query.query(new Criteria().andOperator(Criteria.where("_id").is(collection),
                new Criteria().orOperator(Criteria.where("owner").is(owner), Criteria.where("until").lt(now))));
        Update take = new Update().set("owner", owner).set("until", Date.from(now.toInstant().plus(properties.leaseFor())));
        try {
            Document lease = mongo.findAndModify(free, take, FindAndModifyOptions.options().upsert(true).returnNew(true),
                    Document.class, LEASES);
            return lease != null && Objects.equals(lease.getString("owner"), owner);
        } catch (DuplicateKeyException e) {
            return false; // another instance holds it (the upsert collided with its document)
        }
    }

    private void sweepLoop() {
        long backoffMillis = 0;
        long quietMillis = properties.sweepInterval().toMillis();
        while (running) {
            try {
                long wait = backoffMillis > 0 ? backoffMillis : quietMillis;
                sweepDue.tryAcquire(wait, TimeUnit.MILLISECONDS);
                sweepDue.drainPermits();
                if (!running) {
                    return;
                }
                retryFailed();
                int published;
                int total = 0;
                do {
                    published = sweepOnce();
                    total += published;
                } while (published >= properties.batchSize() && running);
                // a sweep is a query per collection: on the MongoDB wire server a scan of every document. While
                // sweeps find nothing (the direct path delivers), look less often, up to quietSweepInterval.
                quietMillis = total > 0 || !retrying.isEmpty() ? properties.sweepInterval().toMillis()
                        : Math.min(quietMillis * 2, Math.max(properties.sweepInterval().toMillis(),
                                properties.quietSweepInterval().toMillis()));
                if (backoffMillis > 0 || brokerFailing) {
                    log.info("Outbox relay publishes again");
                }
                brokerFailing = false;
                backoffMillis = 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                backoffMillis = Math.min(Math.max(backoffMillis * 2, 250), properties.maxBackoff().toMillis());
                meters.counter("parley.outbox.failures").increment();
                log.warn("Outbox sweep could not publish, retrying in {} ms: {}", backoffMillis, e.getMessage());
            }
        }
    }

    private void removeLoop() {
        long backoffMillis = 0;
        while (running || !acknowledged.isEmpty()) {
            try {
                removalsDue.tryAcquire(backoffMillis > 0 ? backoffMillis : 200, TimeUnit.MILLISECONDS);
                removalsDue.drainPermits();
                while (removeAcknowledged() > 0) {
                    backoffMillis = 0;
                }
                if (!running) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                backoffMillis = Math.min(Math.max(backoffMillis * 2, 250), properties.maxBackoff().toMillis());
                log.warn("Could not remove acknowledged outbox entries, retrying in {} ms: {}", backoffMillis,
                        e.getMessage());
                if (!running) {
                    return;
                }
            }
        }
    }

    /**
     * Real MongoDB keeps only documents with pending entries in this index, so the sweep reads no others. (The
     * wire server of the local stack ignores secondary indexes and scans; the sweep is rare enough for that.)
     */
    private void ensureSweepIndex(OutboxSource source) {
        try {
            mongo.indexOps(source.collection()).createIndex(new Index().on(Outbox.FIELD + ".createdAt", Sort.Direction.ASC)
                    .named("outbox_pending")
                    .partial(PartialIndexFilter.of(Criteria.where(Outbox.FIELD + ".createdAt").exists(true))));
        } catch (RuntimeException e) {
            log.info("No partial outbox index on {} ({}); the sweep scans", source.collection(), e.getMessage());
        }
    }

    @Override
    public void start() {
        if (!properties.enabled() || running) {
            return;
        }
        sources.forEach(this::ensureSweepIndex);
        running = true;
        sweeper = Thread.ofVirtual().name("outbox-sweep").start(this::sweepLoop);
        remover = Thread.ofVirtual().name("outbox-remove").start(this::removeLoop);
    }

    @Override
    public void stop() {
        running = false;
        sweepDue.release();
        removalsDue.release();
        for (Thread thread : new Thread[] {sweeper, remover}) {
            if (thread != null) {
                try {
                    thread.join(properties.publishTimeout().toMillis() + 1_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
