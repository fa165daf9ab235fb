package com.parley.support.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.IndexInfo;

import com.parley.testsupport.ParleyIntegrationTest;

/** processed_events does not grow forever: entries go after a retention longer than any redelivery window. */
@ParleyIntegrationTest
class ProcessedEventsIntegrationTests {

    @Autowired
    MongoTemplate mongo;

    @SpringBootApplication
    static class EventsApp {
    }

    /** A clock the test moves forward. */
    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-12-01T00:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @Test
    void anEntryIsKeptThroughTheRedeliveryWindowAndForgottenAfterTheRetention() {
        MovableClock clock = new MovableClock();
        try (ProcessedEvents processed = new ProcessedEvents(mongo,
                new ProcessedEventsProperties(Duration.ofDays(8), Duration.ofDays(1)), clock)) {
            UUID event = UUID.randomUUID();
            assertThat(processed.markFirstDelivery("ttl-test", event)).isTrue();

            clock.now = clock.now.plus(ProcessedEventsProperties.REDELIVERY_WINDOW);
            processed.purgeExpired();
            assertThat(processed.markFirstDelivery("ttl-test", event)).as("redelivered within 7 days").isFalse();

            clock.now = clock.now.plus(Duration.ofDays(2));
            assertThat(processed.purgeExpired()).isGreaterThanOrEqualTo(1);
            assertThat(processed.isProcessed("ttl-test", event)).isFalse();
        }
    }

    @Test
    void theCollectionDeclaresATtlIndexLongerThanTheRedeliveryWindow() {
        try (ProcessedEvents processed = new ProcessedEvents(mongo, new ProcessedEventsProperties(null, null),
                Clock.systemUTC())) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                    mongo.indexOps(ProcessedEvents.COLLECTION).getIndexInfo().stream()
                            .filter(index -> ProcessedEvents.TTL_INDEX.equals(index.getName()))
                            .map(IndexInfo::getExpireAfter))
                    .singleElement()
                    .satisfies(ttl -> assertThat(ttl).get().isEqualTo(Duration.ofDays(14))));
        }
    }

    @Test
    void aRetentionNotLongerThanTheRedeliveryWindowIsRefused() {
        assertThatThrownBy(() -> new ProcessedEventsProperties(Duration.ofDays(7), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("longer than");
    }
}
