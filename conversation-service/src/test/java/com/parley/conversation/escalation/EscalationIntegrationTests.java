package com.parley.conversation.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.parley.conversation.Api;
import com.parley.conversation.ConversationIntegrationTest;
import com.parley.events.ConversationCreated;
import com.parley.events.ConversationUpdated;
import com.parley.events.EventEnvelope;
import com.parley.events.EventPayload;
import com.parley.events.Topics;
import com.parley.testsupport.EventProbe;
import com.parley.testsupport.ParleyIntegrationTest;
import com.parley.testsupport.TestHttp;
import com.parley.testsupport.Outboxes;

import tools.jackson.databind.JsonNode;

/** A seller hands a thread to platform support: one pending ticket, linked both ways, announced on Kafka. */
@ParleyIntegrationTest
class EscalationIntegrationTests extends ConversationIntegrationTest {

    @Test
    void escalationOpensOnePendingLinkedTicketThatStaffSeeAndThatFollowsTheClaimFlow() {
        String buyer = Api.unique("b");
        String seller = Api.unique("s");
        String thread = api.thread(buyer, seller, "p-esc");
        String path = "/api/chat/threads/" + thread + "/escalate";
        Map<String, Object> body = Map.of("reason", "Người mua đòi giao dịch ngoài sàn");

        try (EventProbe probe = EventProbe.onSharedBroker(Topics.CONVERSATIONS)) {
            TestHttp.Response first = api.seller(seller).post(path, body);
            assertThat(first.status()).as(first.toString()).isEqualTo(201);
            JsonNode ticket = first.json();
            String ticketId = ticket.path("id").asString();
            assertThat(ticket.path("kind").asString()).isEqualTo("support");
            assertThat(ticket.path("status").asString()).isEqualTo("pending");
            assertThat(ticket.path("ticketNumber").asString()).startsWith("T-");
            assertThat(ticket.path("linkedThreadId").asString()).isEqualTo(thread);
            assertThat(ticket.path("customer").path("id").asString()).isEqualTo(seller);
            assertThat(ticket.path("productId").asString()).isEqualTo("p-esc");

            TestHttp.Response again = api.seller(seller).post(path, Map.of("reason", "again"));
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.json().path("id").asString()).isEqualTo(ticketId);

            assertThat(api.seller(seller).get("/api/conversations/" + thread).json().path("escalatedTicketId")
                    .asString()).isEqualTo(ticketId);
            assertThat(pendingIds(api)).contains(ticketId);

            probe.await(e -> e.conversationId().equals(ticketId), 1, WAIT);
            probe.await(e -> e.conversationId().equals(thread) && e.payload() instanceof ConversationUpdated, 1, WAIT);
            List<EventEnvelope<EventPayload>> events = probe.awaitQuiet(Outboxes.drained(mongo, "conversations"));
            assertThat(events).filteredOn(e -> e.conversationId().equals(ticketId)).singleElement().satisfies(e -> {
                ConversationCreated created = (ConversationCreated) e.payload();
                assertThat(created.kind()).isEqualTo("support");
                assertThat(created.status()).isEqualTo("pending");
                assertThat(created.firstMessage()).isEqualTo("Người mua đòi giao dịch ngoài sàn");
                assertThat(created.participantIds()).containsExactly(seller);
            });
            assertThat(events).filteredOn(e -> e.conversationId().equals(thread)
                    && e.payload() instanceof ConversationUpdated).singleElement().satisfies(e -> {
                ConversationUpdated updated = (ConversationUpdated) e.payload();
                assertThat(updated.change()).isEqualTo("escalated");
                assertThat(updated.kind()).isEqualTo("buyer_seller");
                assertThat(updated.participantIds()).containsExactly(buyer, seller);
            });

            TestHttp.Response claimed = api.staff("st-esc").put("/api/conversations/" + ticketId + "/seen", null);
            assertThat(claimed.status()).isEqualTo(200);
            assertThat(claimed.json().path("status").asString()).isEqualTo("assigned");
        }
    }

    @Test
    void onlyTheThreadsSellerEscalatesIt() {
        String buyer = Api.unique("b");
        String seller = Api.unique("s");
        String thread = api.thread(buyer, seller, "p-esc2");
        String path = "/api/chat/threads/" + thread + "/escalate";
        Map<String, Object> body = Map.of("reason", "help");

        TestHttp.Response byBuyer = api.buyer(buyer).post(path, body);
        assertThat(byBuyer.status()).isEqualTo(403);
        assertThat(byBuyer.code()).isEqualTo("not_thread_seller");
        TestHttp.Response byOtherSeller = api.seller(Api.unique("s")).post(path, body);
        assertThat(byOtherSeller.status()).isEqualTo(404);
        assertThat(byOtherSeller.code()).isEqualTo("conversation_not_found");
        assertThat(api.seller(seller).post("/api/chat/threads/nope/escalate", body).status()).isEqualTo(404);
        assertThat(api.seller(seller).post(path, Map.of("reason", " ")).code()).isEqualTo("validation_failed");
        String ticket = api.open(Api.unique("c"), "low");
        assertThat(api.admin("adm-e").post("/api/chat/threads/" + ticket + "/escalate", body).code())
                .isEqualTo("not_a_thread");
        assertThat(api.seller(seller).get("/api/conversations/" + thread).json().has("escalatedTicketId")).isFalse();
    }

    @Test
    void eightConcurrentEscalationsMakeOneTicket() throws Exception {
        String seller = Api.unique("s");
        String thread = api.thread(Api.unique("b"), seller, "p-esc3");
        try (EventProbe probe = EventProbe.onSharedBroker(Topics.CONVERSATIONS);
             java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<TestHttp.Response>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(pool.submit(() -> {
                    start.await();
                    return api.seller(seller).post("/api/chat/threads/" + thread + "/escalate", Map.of("reason", "x"));
                }));
            }
            start.countDown();
            List<String> ticketIds = new ArrayList<>();
            for (var call : calls) {
                TestHttp.Response response = call.get();
                assertThat(response.status()).as(response.toString()).isIn(200, 201);
                ticketIds.add(response.json().path("id").asString());
            }
            assertThat(ticketIds).containsOnly(ticketIds.getFirst());
            probe.await(e -> e.conversationId().equals(ticketIds.getFirst()), 1, WAIT);
            List<EventEnvelope<EventPayload>> events = probe.awaitQuiet(Outboxes.drained(mongo, "conversations"));
            assertThat(events).filteredOn(e -> e.conversationId().equals(ticketIds.getFirst())).hasSize(1);
            assertThat(events).filteredOn(e -> e.conversationId().equals(thread)).hasSize(1);
        }
    }

    private static List<String> pendingIds(Api api) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = api.staff("st-esc").get("/api/conversations?view=pending&limit=100"
                    + (cursor == null ? "" : "&cursor=" + cursor)).json();
            page.path("items").forEach(item -> ids.add(item.path("id").asString()));
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asString();
        } while (cursor != null);
        return ids;
    }
}
