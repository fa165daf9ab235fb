package com.parley.conversation.claim;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import jakarta.annotation.PreDestroy;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Claim attempts by outcome, the seed's "race condition stats": a Micrometer counter {@code parley.claims}
 * (outcome=won|conflict|idempotent|capacity) for dashboards, and hourly totals in {@code claim_stats} for the
 * stats endpoint across instances. The totals are summed in memory and added with one {@code $inc} per flush,
 * so the hot claim path does not write a shared counter document; a crash loses at most one flush interval.
 */
@Component
public class ClaimStats {

    static final String COLLECTION = com.parley.conversation.system.Collections.CLAIM_STATS;
    private static final Logger log = LoggerFactory.getLogger(ClaimStats.class);
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH").withZone(ZoneOffset.UTC);

    public enum Result {
        WON, CONFLICT, IDEMPOTENT, CAPACITY;

        String token() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Totals over a period. */
    public record Totals(long attempts, long won, long conflicts, long idempotent, long refusedAtCapacity,
                         double conflictRate) {
    }

    private final MongoTemplate mongo;
    private final Clock clock;
    private final Map<Result, Counter> counters = new EnumMap<>(Result.class);
    private final Map<Result, LongAdder> unflushed = new EnumMap<>(Result.class);

    ClaimStats(MongoTemplate mongo, Clock clock, MeterRegistry meters) {
        this.mongo = mongo;
        this.clock = clock;
        for (Result result : Result.values()) {
            counters.put(result, Counter.builder("parley.claims").tag("outcome", result.token())
                    .description("Claim attempts by outcome").register(meters));
            unflushed.put(result, new LongAdder());
        }
    }

    void record(Result result) {
        counters.get(result).increment();
        unflushed.get(result).increment();
    }

    @Scheduled(fixedDelayString = "${parley.conversation.claim.stats-flush-interval:10s}")
    @PreDestroy
    public void flush() {
        Update update = new Update();
        boolean any = false;
        for (Result result : Result.values()) {
            long n = unflushed.get(result).sumThenReset();
            if (n > 0) {
                update.inc(result.token(), n);
                any = true;
            }
        }
        if (!any) {
            return;
        }
        Instant hour = clock.instant().truncatedTo(ChronoUnit.HOURS);
        update.setOnInsert("hour", hour);
        try {
            mongo.upsert(Query.query(Criteria.where("_id").is(HOUR.format(hour))), update, COLLECTION);
        } catch (RuntimeException e) {
            log.warn("Could not save claim statistics ({}); this interval's counts are lost", e.toString());
        }
    }

    /** Totals of the hourly buckets overlapping [from, to). */
    public Totals totals(Instant from, Instant to) {
        flush();
        Query query = Query.query(Criteria.where("hour").gte(from.truncatedTo(ChronoUnit.HOURS)).lt(to));
        long won = 0;
        long conflicts = 0;
        long idempotent = 0;
        long capacity = 0;
        for (Document bucket : mongo.find(query, Document.class, COLLECTION)) {
            won += number(bucket, Result.WON);
            conflicts += number(bucket, Result.CONFLICT);
            idempotent += number(bucket, Result.IDEMPOTENT);
            capacity += number(bucket, Result.CAPACITY);
        }
        long attempts = won + conflicts + idempotent + capacity;
        double rate = won + conflicts == 0 ? 0 : (double) conflicts / (won + conflicts);
        return new Totals(attempts, won, conflicts, idempotent, capacity, rate);
    }

    private static long number(Document bucket, Result result) {
        Object value = bucket.get(result.token());
        return value instanceof Number n ? n.longValue() : 0;
    }
}
