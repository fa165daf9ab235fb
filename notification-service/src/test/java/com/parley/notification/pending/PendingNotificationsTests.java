package com.parley.notification.pending;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.parley.notification.system.NotificationProperties;
import com.parley.testsupport.SharedInfrastructure;

/**
 * The pending-digest store on the real MongoDB wire server, with a clock the test moves, in a database of its
 * own (no running sweep competes). Races use real threads.
 */
class PendingNotificationsTests {

    static final Duration WINDOW = Duration.ofSeconds(60);
    static final Duration LEASE = Duration.ofMinutes(2);

    static MongoClient client;
    MongoTemplate mongo;
    final MovableClock clock = new MovableClock(Instant.parse("2026-01-05T10:00:00Z"));
    PendingNotifications pending;

    @BeforeAll
    static void connect() {
        client = MongoClients.create(SharedInfrastructure.endpoints().mongoUri("parley-test-pending-store"));
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    @BeforeEach
    void emptyStore() {
        mongo = new MongoTemplate(client, "parley-test-pending-store");
        mongo.dropCollection(PendingNotification.class);
        pending = store(3);
    }

    PendingNotifications store(int maxItems) {
        NotificationProperties properties = new NotificationProperties(
                new NotificationProperties.Coalescing(WINDOW, Duration.ofSeconds(1), LEASE, maxItems, 50),
                null, null, null, null, "http://localhost");
        return new PendingNotifications(mongo, properties, clock);
    }

    @Test
    void theFirstItemOpensAWindowAndTheRestFoldIntoIt() {
        String key = PendingNotification.conversationKey("u1", "c1");
        assertThat(fold(key, 1)).isEqualTo(PendingNotifications.Folded.OPENED);
        clock.advance(Duration.ofSeconds(10));
        assertThat(fold(key, 2)).isEqualTo(PendingNotifications.Folded.JOINED);
        assertThat(fold(key, 3)).isEqualTo(PendingNotifications.Folded.JOINED);

        PendingNotification digest = pending.find(key).orElseThrow();
        assertThat(digest.count()).isEqualTo(3);
        assertThat(digest.messageCount()).isEqualTo(3);
        assertThat(digest.lastSeq()).isEqualTo(3);
        assertThat(digest.dueAt()).as("the window runs from the first item").isEqualTo(digest.windowStart().plus(WINDOW));
    }

    @Test
    void aDigestKeepsOnlyTheNewestItemsButCountsThemAll() {
        String key = PendingNotification.conversationKey("u1", "c1");
        for (int seq = 1; seq <= 5; seq++) {
            fold(key, seq);
        }
        PendingNotification digest = pending.find(key).orElseThrow();
        assertThat(pending.countWaiting()).isEqualTo(1);
        assertThat(digest.count()).isEqualTo(5);
        assertThat(digest.items()).extracting(PendingItem::seq).containsExactly(3L, 4L, 5L);
    }

    @Test
    void aDigestIsDueOnlyWhenItsWindowCloses() {
        fold(PendingNotification.conversationKey("u1", "c1"), 1);
        assertThat(pending.claimDue()).isEmpty();
        clock.advance(WINDOW);
        assertThat(pending.claimDue()).isPresent();
        assertThat(pending.claimDue()).as("leased, so no second claim").isEmpty();
    }

    @Test
    void racingSweepersClaimEveryDigestExactlyOnce() throws Exception {
        int digests = 30;
        for (int i = 0; i < digests; i++) {
            fold(PendingNotification.conversationKey("u" + i, "c"), 1);
        }
        clock.advance(WINDOW);
        int sweepers = 8;
        Set<String> claimed = ConcurrentHashMap.newKeySet();
        AtomicInteger claims = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(sweepers);
        List<Future<?>> running = new ArrayList<>();
        for (int s = 0; s < sweepers; s++) {
            PendingNotifications instance = store(3);
            running.add(pool.submit(() -> {
                start.await();
                Optional<PendingNotification> next;
                while ((next = instance.claimDue()).isPresent()) {
                    claims.incrementAndGet();
                    claimed.add(next.get().id());
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : running) {
            f.get();
        }
        pool.shutdown();
        assertThat(claims.get()).isEqualTo(digests);
        assertThat(claimed).hasSize(digests);
    }

    @Test
    void itemsFoldedInWhileADigestIsBeingSentStayForTheNextWindow() {
        String key = PendingNotification.conversationKey("u1", "c1");
        fold(key, 1);
        fold(key, 2);
        clock.advance(WINDOW);
        PendingNotification sending = pending.claimDue().orElseThrow();
        fold(key, 3);

        pending.complete(sending);

        PendingNotification rest = pending.find(key).orElseThrow();
        assertThat(rest.count()).isEqualTo(1);
        assertThat(rest.items()).extracting(PendingItem::seq).containsExactly(3L);
        assertThat(rest.leaseToken()).isNull();
        assertThat(rest.dueAt()).isEqualTo(clock.instant().plus(WINDOW));
    }

    @Test
    void aCompletedDigestIsGone() {
        String key = PendingNotification.conversationKey("u1", "c1");
        fold(key, 1);
        clock.advance(WINDOW);
        pending.complete(pending.claimDue().orElseThrow());
        assertThat(pending.find(key)).isEmpty();
    }

    @Test
    void anExpiredLeaseLetsAnotherInstanceTakeOverAndTheOldHolderCannotFinish() {
        String key = PendingNotification.conversationKey("u1", "c1");
        fold(key, 1);
        clock.advance(WINDOW);
        PendingNotification crashed = pending.claimDue().orElseThrow();
        clock.advance(LEASE.plusSeconds(1));
        PendingNotification takeover = pending.claimDue().orElseThrow();
        assertThat(takeover.leaseToken()).isNotEqualTo(crashed.leaseToken());

        pending.complete(crashed);
        assertThat(pending.find(key)).as("the old holder's completion is refused").isPresent();
        pending.complete(takeover);
        assertThat(pending.find(key)).isEmpty();
    }

    @Test
    void aFailedRoundIsRetriedLaterRememberingWhatWasDelivered() {
        String key = PendingNotification.conversationKey("u1", "c1");
        fold(key, 1);
        clock.advance(WINDOW);
        PendingNotification round = pending.claimDue().orElseThrow();
        pending.retryLater(round, Duration.ofSeconds(30), List.of("push"), java.util.Map.of("email", 3), "down");

        PendingNotification waiting = pending.find(key).orElseThrow();
        assertThat(waiting.rounds()).isEqualTo(1);
        assertThat(waiting.deliveredChannels()).containsExactly("push");
        assertThat(waiting.tries()).containsEntry("email", 3);
        assertThat(waiting.leaseToken()).isNull();
        assertThat(pending.claimDue()).isEmpty();
        clock.advance(Duration.ofSeconds(30));
        assertThat(pending.claimDue()).isPresent();
    }

    @Test
    void readingTheConversationDropsAWaitingDigestOfOlderMessages() {
        fold(PendingNotification.conversationKey("u1", "c1"), 4);
        assertThat(pending.dropReadUpTo("u1", "c1", 3)).isFalse();
        assertThat(pending.dropReadUpTo("u1", "c1", 4)).isTrue();
        assertThat(pending.find(PendingNotification.conversationKey("u1", "c1"))).isEmpty();
    }

    @Test
    void foldingTheSameEventAgainChangesNothing() {
        String key = PendingNotification.conversationKey("u1", "c1");
        PendingItem item = item("e-1", 1);
        assertThat(pending.fold(key, "u1", "c1", "conversation", item)).isEqualTo(PendingNotifications.Folded.OPENED);
        assertThat(pending.fold(key, "u1", "c1", "conversation", item))
                .isEqualTo(PendingNotifications.Folded.ALREADY_WAITING);
        assertThat(pending.fold(key, "u1", "c1", "conversation", item("e-2", 2)))
                .isEqualTo(PendingNotifications.Folded.JOINED);
        assertThat(pending.find(key).orElseThrow().count()).isEqualTo(2);
    }

    private PendingNotifications.Folded fold(String key, long seq) {
        String[] parts = key.split(":");
        return pending.fold(key, parts[1], parts[2], "conversation", item(UUID.randomUUID().toString(), seq));
    }

    private PendingItem item(String eventId, long seq) {
        return new PendingItem(eventId, "message", "sender", "Sender", "text " + seq, seq, null, clock.instant(),
                "parley.messages", "chat.message.sent", "{}");
    }

    static final class MovableClock extends Clock {

        private final AtomicReference<Instant> now;

        MovableClock(Instant start) {
            this.now = new AtomicReference<>(start);
        }

        void advance(Duration by) {
            now.updateAndGet(i -> i.plus(by));
        }

        @Override
        public Instant instant() {
            return now.get();
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
}
