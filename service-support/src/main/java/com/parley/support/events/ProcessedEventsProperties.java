package com.parley.support.events;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long {@code processed_events} remembers a delivery.
 *
 * @param retention  longer than any redelivery window: Kafka keeps records 7 days (a consumer group reset to
 *                   the earliest offset redelivers at most that far back) and listener retries last seconds
 * @param purgeEvery how often this instance deletes expired entries itself, for servers that do not apply TTL
 *                   indexes (the MongoDB wire server of the local stack and tests); real MongoDB also expires them
 */
@ConfigurationProperties("parley.events.processed")
public record ProcessedEventsProperties(Duration retention, Duration purgeEvery) {

    public static final Duration REDELIVERY_WINDOW = Duration.ofDays(7);

    public ProcessedEventsProperties {
        retention = retention != null ? retention : Duration.ofDays(14);
        purgeEvery = purgeEvery != null ? purgeEvery : Duration.ofHours(1);
        if (retention.compareTo(REDELIVERY_WINDOW) <= 0) {
            throw new IllegalArgumentException("parley.events.processed.retention must be longer than the "
                    + REDELIVERY_WINDOW.toDays() + " days a record may be redelivered, was " + retention);
        }
    }
}
