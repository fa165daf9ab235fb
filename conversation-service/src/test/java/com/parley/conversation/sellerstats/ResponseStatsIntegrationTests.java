package com.parley.conversation.sellerstats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.parley.conversation.Api;
import com.parley.conversation.ConversationIntegrationTest;
import com.parley.events.Actor;
import com.parley.events.EventEnvelope;
import com.parley.events.MessageSent;
import com.parley.events.UserRef;
import com.parley.testsupport.ParleyIntegrationTest;
import com.parley.testsupport.TestHttp;

import tools.jackson.databind.JsonNode;

/** Seller response figures from real chat.message.sent events with chosen timestamps, against hand-computed values. */
@ParleyIntegrationTest
class ResponseStatsIntegrationTests extends ConversationIntegrationTest {

    @Test
    void rateAndMedianOver7And30And90DaysMatchTheHandComputedFixture() {
        String seller = Api.unique("s");
        String t1 = api.thread(Api.unique("b"), seller, "p-1");
        String t2 = api.thread(Api.unique("b"), seller, "p-2");
        String t3 = api.thread(Api.unique("b"), seller, "p-3");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        long answeredBefore = meters.summary("parley.threads.seller_response").count();

        // t1: two buyer messages 10 days ago, one seller answer for both; one buyer message 5 days ago answered after 30 h
        Instant d10 = now.minus(Duration.ofDays(10));
        publish(sent(t1, "buyer", 1, d10));                                        // answered after 3600 s
        publish(sent(t1, "buyer", 2, d10.plus(Duration.ofMinutes(30))));           // answered after 1800 s
        EventEnvelope<MessageSent> answer = sent(t1, "seller", 3, d10.plus(Duration.ofHours(1)));
        publish(answer);
        publish(answer);                                                            // a redelivery changes nothing
        Instant d5 = now.minus(Duration.ofDays(5));
        publish(sent(t1, "buyer", 4, d5));                                          // answered after 108000 s (> 24 h)
        publish(sent(t1, "seller", 5, d5.plus(Duration.ofHours(30))));
        // t2: one buyer message 3 days ago never answered (due: counts), one an hour ago not answered yet (not due)
        publish(sent(t2, "buyer", 1, now.minus(Duration.ofDays(3))));
        publish(sent(t2, "buyer", 2, now.minus(Duration.ofHours(1))));
        // t3, 40 days ago: the seller writes first (answers nothing), the buyer asks, the seller answers after 7200 s
        Instant d40 = now.minus(Duration.ofDays(40));
        publish(sent(t3, "seller", 1, d40));
        publish(sent(t3, "buyer", 2, d40.plus(Duration.ofMinutes(1))));
        publish(sent(t3, "seller", 3, d40.plus(Duration.ofMinutes(1)).plus(Duration.ofHours(2))));
        publish(sent(t3, "buyer", 2, d40.plus(Duration.ofMinutes(1))));           // an old redelivery: still answered

        TestHttp me = api.seller(seller);
        // 90 days: samples 3600, 1800, 108000, t2#1 (unanswered, due), 7200; t2#2 not due → 5 counted,
        //          within 24 h: 3600, 1800, 7200 → 3/5 = 0.6; median of 1800, 3600, 7200, 108000 = (3600+7200)/2 = 5400
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode days90 = me.get("/api/chat/threads/response-stats?days=90").json();
            assertThat(days90.path("buyerMessages").asLong()).isEqualTo(5);
            assertThat(days90.path("answeredWithin24h").asLong()).isEqualTo(3);
            assertThat(days90.path("medianResponseSeconds").asLong()).isEqualTo(5400);
        });
        JsonNode days90 = me.get("/api/chat/threads/response-stats?days=90").json();
        assertThat(days90.path("responseRate").asDouble()).isEqualTo(0.6);
        assertThat(days90.path("sellerId").asString()).isEqualTo(seller);
        assertThat(days90.path("days").asInt()).isEqualTo(90);

        // 30 days: without t3 → 3600, 1800, 108000, t2#1 → 4 counted, 2 in time → 0.5; median of 1800, 3600, 108000 = 3600
        JsonNode days30 = me.get("/api/chat/threads/response-stats?days=30").json();
        assertThat(days30.path("buyerMessages").asLong()).isEqualTo(4);
        assertThat(days30.path("answeredWithin24h").asLong()).isEqualTo(2);
        assertThat(days30.path("responseRate").asDouble()).isEqualTo(0.5);
        assertThat(days30.path("medianResponseSeconds").asLong()).isEqualTo(3600);

        // 7 days: 108000 and t2#1 → 2 counted, none in time → 0.0; median of 108000 alone
        JsonNode days7 = me.get("/api/chat/threads/response-stats?days=7").json();
        assertThat(days7.path("buyerMessages").asLong()).isEqualTo(2);
        assertThat(days7.path("answeredWithin24h").asLong()).isZero();
        assertThat(days7.path("responseRate").asDouble()).isZero();
        assertThat(days7.path("medianResponseSeconds").asLong()).isEqualTo(108000);

        // four answers recorded once each, redeliveries included
        assertThat(meters.summary("parley.threads.seller_response").count()).isGreaterThanOrEqualTo(answeredBefore + 4);
        assertThat(api.admin("adm-rs").get("/api/chat/threads/response-stats?days=30&sellerId=" + seller).json()
                .path("buyerMessages").asLong()).isEqualTo(4);
    }

    @Test
    void onlySellersAndAdminsAskAndOnlyForTheWindowsOffered() {
        String seller = Api.unique("s");
        JsonNode empty = api.seller(seller).get("/api/chat/threads/response-stats?days=7").json();
        assertThat(empty.path("buyerMessages").asLong()).isZero();
        assertThat(empty.path("responseRate").isNull()).isTrue();
        assertThat(empty.path("medianResponseSeconds").isNull()).isTrue();
        assertThat(api.seller(seller).get("/api/chat/threads/response-stats?days=14").code()).isEqualTo("invalid_period");
        assertThat(api.seller(seller).get("/api/chat/threads/response-stats?days=7&sellerId=other").status())
                .isEqualTo(403);
        assertThat(api.buyer("b-x").get("/api/chat/threads/response-stats?days=7").code()).isEqualTo("role_not_allowed");
        assertThat(api.admin("adm-x").get("/api/chat/threads/response-stats?days=7").code())
                .isEqualTo("invalid_parameter");
    }

    private void publish(EventEnvelope<?> event) {
        publisher.publishAndWait(event, Duration.ofSeconds(10));
    }

    private static EventEnvelope<MessageSent> sent(String conversationId, String senderType, long seq, Instant at) {
        String sender = senderType + "-" + conversationId;
        return EventEnvelope.of(conversationId, Actor.of(sender, senderType, sender),
                new MessageSent("m-" + conversationId + "-" + seq, seq, "buyer_seller", UserRef.of(sender, sender),
                        senderType, "text", "message " + seq, List.of(), "client-" + seq, null, at, List.of()), at);
    }
}
