package com.parley.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.parley.realtime.connection.LocalConnections;
import com.parley.testsupport.TestTokens;

import io.micrometer.core.instrument.MeterRegistry;

/** A client that stops reading, or stops answering pings, is closed; nobody else waits for it. */
class BackPressureIntegrationTests extends TwoNodeIntegrationTest {

    @Autowired
    LocalConnections connections;
    @Autowired
    MeterRegistry meters;

    private double closes(String reason) {
        var counter = meters.find("parley.realtime.closes").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aClientThatNeverReadsIsClosedAsASlowConsumerWhileTheOthersGetEveryEvent() throws Exception {
        String run = TestEvents.newId("bp");
        String slowId = run + "-slow";
        double slowClosesBefore = closes("slow_consumer");
        List<WsClient> fast = List.of(
                WsClient.connect(nodeA, TestTokens.staff(run + "-fast-a1")),
                WsClient.connect(nodeA, TestTokens.staff(run + "-fast-a2")),
                WsClient.connect(nodeB, TestTokens.staff(run + "-fast-b")));
        clients.addAll(fast);
        try (RawSocketClient slow = RawSocketClient.connect(nodeA, TestTokens.staff(slowId), 4096)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !connections.ofUser(slowId).isEmpty());

            // 60 KB per frame from 4 publishers: the slow socket's TCP buffers fill, its write blocks, it is closed
            String subject = "s".repeat(60 * 1024);
            AtomicInteger published = new AtomicInteger();
            List<CompletableFuture<Void>> publishers = new ArrayList<>();
            for (int p = 0; p < 4; p++) {
                publishers.add(CompletableFuture.runAsync(() -> {
                    while (!connections.ofUser(slowId).isEmpty() && published.get() < 2000) {
                        events.ticketCreatedWithSubject(run + "-t" + published.incrementAndGet(), run + "-cust",
                                subject);
                    }
                }, Executors.newVirtualThreadPerTaskExecutor()));
            }
            publishers.forEach(CompletableFuture::join);
            System.out.println("BACKPRESSURE published=" + published.get());
            await().atMost(Duration.ofSeconds(30)).until(() -> connections.ofUser(slowId).isEmpty());

            assertThat(closes("slow_consumer")).isGreaterThan(slowClosesBefore);
            for (WsClient client : fast) {
                assertThat(client.awaitFrames("conversation.created", published.get())).hasSize(published.get());
                assertThat(client.isClosed()).isFalse();
            }
        }
    }

    @Test
    void aClientThatStopsAnsweringPingsIsClosedWith4010() throws Exception {
        try (RawSocketClient deaf = RawSocketClient.connect(nodeA, TestTokens.customer(TestEvents.newId("deaf")),
                64 * 1024)) {
            // test clocks: a ping every 2 s, closed after 2 unanswered
            assertThat(deaf.readWithoutPonging().get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(4010);
        }
    }
}
