package com.parley.conversation.thread;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import com.parley.conversation.Api;
import com.parley.conversation.ConversationIntegrationTest;
import com.parley.conversation.ticket.Conversation;
import com.parley.events.Actor;
import com.parley.events.ConversationCreated;
import com.parley.events.EventEnvelope;
import com.parley.events.EventPayload;
import com.parley.events.MessageRead;
import com.parley.events.MessageSent;
import com.parley.events.Topics;
import com.parley.events.UserRef;
import com.parley.testsupport.EventProbe;
import com.parley.testsupport.ParleyIntegrationTest;
import com.parley.testsupport.TestHttp;
import com.parley.testsupport.Outboxes;

import tools.jackson.databind.JsonNode;

/** Buyer–seller threads on the real broker and database: one thread per key, the inbox, who may see it. */
@ParleyIntegrationTest
class ThreadIntegrationTests extends ConversationIntegrationTest {

    @Test
    void sixteenRacingOpensOfTheSameThreadMakeOneThreadAndOneCreatedEvent() throws Exception {
        String buyer = Api.unique("b");
        String seller = Api.unique("s");
        Map<String, Object> body = Map.of("sellerId", seller, "productId", "p-race", "sellerName", "Shop Race");
        try (EventProbe probe = EventProbe.onSharedBroker(Topics.CONVERSATIONS);
             ExecutorService pool = Executors.newFixedThreadPool(16)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<TestHttp.Response>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                calls.add(pool.submit(() -> {
                    start.await();
                    return api.buyer(buyer).post("/api/chat/threads", body);
                }));
            }
            start.countDown();
            List<TestHttp.Response> responses = new ArrayList<>();
            for (Future<TestHttp.Response> call : calls) {
                responses.add(call.get());
            }
            assertThat(responses).extracting(TestHttp.Response::status).containsOnly(200, 201);
            assertThat(responses).filteredOn(r -> r.status() == 201).hasSize(1);
            String id = responses.getFirst().json().path("id").asString();
            assertThat(responses).allSatisfy(r -> assertThat(r.json().path("id").asString()).isEqualTo(id));
            assertThat(mongo.count(org.springframework.data.mongodb.core.query.Query.query(
                    org.springframework.data.mongodb.core.query.Criteria.where("buyerId").is(buyer)),
                    Conversation.class)).isEqualTo(1);

            JsonNode thread = responses.getFirst().json();
            assertThat(thread.path("kind").asString()).isEqualTo("buyer_seller");
            assertThat(thread.path("status").asString()).isEqualTo("open");
            assertThat(thread.path("buyer").path("id").asString()).isEqualTo(buyer);
            assertThat(thread.path("seller").path("name").asString()).isEqualTo("Shop Race");
            assertThat(thread.path("assignedTo").isNull()).isTrue();

            probe.await(e -> e.conversationId().equals(id), 1, WAIT);
            List<EventEnvelope<EventPayload>> created = probe.awaitQuiet(Outboxes.drained(mongo, "conversations")).stream()
                    .filter(e -> e.conversationId().equals(id)).toList();
            assertThat(created).singleElement().satisfies(e -> {
                ConversationCreated c = (ConversationCreated) e.payload();
                assertThat(c.kind()).isEqualTo("buyer_seller");
                assertThat(c.participantIds()).containsExactly(buyer, seller);
                assertThat(c.buyer().id()).isEqualTo(buyer);
                assertThat(c.seller().id()).isEqualTo(seller);
                assertThat(c.productId()).isEqualTo("p-race");
                assertThat(c.ticketNumber()).isNull();
            });
        }
    }

    @Test
    void anOrderThreadIsItsOwnThreadAndCarriesTheOrder() {
        String buyer = Api.unique("b");
        String productThread = api.thread(buyer, "seller-techzone", "p-1");
        TestHttp.Response order = api.buyer(buyer).post("/api/chat/threads",
                Map.of("sellerId", "seller-techzone", "orderId", "ORD-7", "productId", "p-1"));
        assertThat(order.status()).isEqualTo(201);
        assertThat(order.json().path("id").asString()).isNotEqualTo(productThread);
        assertThat(order.json().path("orderId").asString()).isEqualTo("ORD-7");
        assertThat(order.json().path("seller").path("name").asString()).as("the configured demo seller name")
                .isEqualTo("TechZone Official");
        TestHttp.Response again = api.buyer(buyer).post("/api/chat/threads",
                Map.of("sellerId", "seller-techzone", "orderId", "ORD-7"));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("id").asString()).isEqualTo(order.json().path("id").asString());
    }

    @Test
    void badOpensAreRefusedAndWriteNothing() {
        String buyer = Api.unique("b");
        TestHttp me = api.buyer(buyer);
        assertThat(me.post("/api/chat/threads", Map.of("sellerId", buyer, "productId", "p")).code())
                .isEqualTo("self_thread");
        assertThat(me.post("/api/chat/threads", Map.of("sellerId", "s-1")).code()).isEqualTo("validation_failed");
        assertThat(me.post("/api/chat/threads", Map.of("sellerId", "a|b", "productId", "p")).code())
                .isEqualTo("validation_failed");
        assertThat(me.post("/api/chat/threads", Map.of("sellerId", " ", "productId", "p")).status()).isEqualTo(400);
        TestHttp.Response staff = api.staff("st-1").post("/api/chat/threads", Map.of("sellerId", "s-1", "productId", "p"));
        assertThat(staff.status()).isEqualTo(403);
        assertThat(staff.code()).isEqualTo("role_not_allowed");
        assertThat(api.anonymous().post("/api/chat/threads", Map.of("sellerId", "s-1", "productId", "p")).status())
                .isEqualTo(401);
        assertThat(mongo.count(org.springframework.data.mongodb.core.query.Query.query(
                org.springframework.data.mongodb.core.query.Criteria.where("buyerId").is(buyer)),
                Conversation.class)).isZero();
    }

    @Test
    void onlyTheTwoParticipantsAndAdminsReadAThread() {
        String buyer = Api.unique("b");
        String seller = Api.unique("s");
        String id = api.thread(buyer, seller, "p-priv");
        String path = "/api/conversations/" + id;

        assertThat(api.buyer(buyer).get(path).status()).isEqualTo(200);
        assertThat(api.seller(seller).get(path).status()).isEqualTo(200);
        assertThat(api.admin("adm-1").get(path).status()).isEqualTo(200);
        for (TestHttp outsider : List.of(api.buyer(Api.unique("b")), api.seller(Api.unique("s")), api.staff("st-2"),
                api.customer(Api.unique("c")))) {
            TestHttp.Response read = outsider.get(path);
            assertThat(read.status()).isEqualTo(404);
            assertThat(read.code()).isEqualTo("conversation_not_found");
        }
        TestHttp.Response otherSellerInbox = api.seller(Api.unique("s")).get("/api/chat/threads");
        assertThat(otherSellerInbox.json().path("items").toString()).doesNotContain(id);
        assertThat(api.staff("st-2").put(path + "/seen", null).status()).as("threads are not claimed")
                .isIn(403, 404, 409);
    }

    @Test
    void theInboxFollowsMessagesInBothDirections() {
        String buyer = Api.unique("b");
        String seller = Api.unique("s");
        String a = api.thread(buyer, seller, "p-a");
        String b = api.thread(buyer, seller, "p-b");
        String c = api.thread(buyer, seller, "p-c");
        // newest first before any message: creation order
        assertThat(ids(api.seller(seller).get("/api/chat/threads?as=seller"))).containsExactly(c, b, a);

        Instant t0 = Instant.now();
        publish(sent(a, buyer, "buyer", 1, "Còn hàng không shop?", t0));
        publish(sent(a, buyer, "buyer", 2, "Mình cần gấp", t0.plusMillis(10)));
        await().atMost(WAIT).untilAsserted(() -> assertThat(thread(a).lastMessageSeq()).isEqualTo(2));

        JsonNode sellerInbox = api.seller(seller).get("/api/chat/threads").json();
        assertThat(ids(sellerInbox)).containsExactly(a, c, b);
        JsonNode first = sellerInbox.path("items").get(0);
        assertThat(first.path("unread").path("seller").asInt()).isEqualTo(2);
        assertThat(first.path("unreadCount").asInt()).isEqualTo(2);
        assertThat(first.path("lastMessage").path("preview").asString()).isEqualTo("Mình cần gấp");
        assertThat(ids(api.seller(seller).get("/api/chat/threads?unread=true"))).containsExactly(a);
        assertThat(ids(api.buyer(buyer).get("/api/chat/threads?unread=true"))).isEmpty();

        // the seller answers on b: it moves to the top for both, and the buyer now has something unread
        publish(sent(b, seller, "seller", 1, "Shop chào bạn", t0.plusMillis(20)));
        publish(read(a, seller, "seller", 2));
        await().atMost(WAIT).untilAsserted(() -> assertThat(thread(a).readSeq()).containsEntry("seller", 2L));
        await().atMost(WAIT).untilAsserted(() -> assertThat(thread(b).lastMessageSeq()).isEqualTo(1));

        JsonNode buyerInbox = api.buyer(buyer).get("/api/chat/threads?as=buyer").json();
        assertThat(ids(buyerInbox)).containsExactly(b, a, c);
        assertThat(buyerInbox.path("items").get(0).path("unreadCount").asInt()).isEqualTo(1);
        assertThat(buyerInbox.path("items").get(0).path("unread").path("buyer").asInt()).isEqualTo(1);
        assertThat(ids(api.buyer(buyer).get("/api/chat/threads?unread=true"))).containsExactly(b);
        assertThat(ids(api.seller(seller).get("/api/chat/threads?unread=true"))).as("the seller read a").isEmpty();
        assertThat(ids(api.seller(seller).get("/api/chat/threads?productId=p-c"))).containsExactly(c);

        // pagination: one per page, in the same order, nothing repeated
        List<String> paged = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = api.seller(seller).get("/api/chat/threads?as=seller&limit=1"
                    + (cursor == null ? "" : "&cursor=" + cursor)).json();
            paged.addAll(ids(page));
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asString();
        } while (cursor != null);
        assertThat(paged).containsExactly(b, a, c);

        assertThat(api.seller(seller).get("/api/chat/threads?as=buyer").code()).isEqualTo("role_not_allowed");
        assertThat(api.seller(seller).get("/api/chat/threads?as=nobody").code()).isEqualTo("invalid_parameter");
        assertThat(api.seller(seller).get("/api/chat/threads?cursor=garbage").code()).isEqualTo("invalid_cursor");
        assertThat(api.seller(seller).get("/api/chat/threads?limit=0").code()).isEqualTo("invalid_limit");
    }

    private static List<String> ids(TestHttp.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return ids(response.json());
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("items").forEach(item -> ids.add(item.path("id").asString()));
        return ids;
    }

    private Conversation thread(String id) {
        return mongo.findById(id, Conversation.class);
    }

    private void publish(EventEnvelope<?> event) {
        publisher.publishAndWait(event, Duration.ofSeconds(10));
    }

    static EventEnvelope<MessageSent> sent(String conversationId, String senderId, String senderType, long seq,
                                           String content, Instant at) {
        return EventEnvelope.of(conversationId, Actor.of(senderId, senderType, senderId),
                new MessageSent("m-" + conversationId + "-" + seq, seq, "buyer_seller", UserRef.of(senderId, senderId),
                        senderType, "text", content, List.of(), "client-" + seq, null, at, List.of()), at);
    }

    private static EventEnvelope<MessageRead> read(String conversationId, String readerId, String readerType, long upTo) {
        Instant now = Instant.now();
        return EventEnvelope.of(conversationId, Actor.of(readerId, readerType, readerId),
                new MessageRead(UserRef.of(readerId, readerId), readerType, upTo, now, List.of()), now);
    }
}
