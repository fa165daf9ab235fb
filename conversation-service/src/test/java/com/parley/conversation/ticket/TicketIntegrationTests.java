package com.parley.conversation.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import com.parley.conversation.Api;
import com.parley.conversation.ConversationIntegrationTest;
import com.parley.events.ConversationCreated;
import com.parley.events.Topics;
import com.parley.testsupport.EventProbe;
import com.parley.testsupport.ParleyIntegrationTest;
import com.parley.testsupport.TestHttp;
import com.parley.testsupport.Outboxes;

@ParleyIntegrationTest
class TicketIntegrationTests extends ConversationIntegrationTest {

    @RegisterExtension
    static final EventProbe probe = EventProbe.onSharedBroker(Topics.CONVERSATIONS);

    @Test
    void customerOpensAPendingTicketWithNumberSlaAndQueuePlaceAndTheCreatedEventCarriesTheFirstMessage() {
        String customer = Api.unique("c");

        TestHttp.Response created = api.customer(customer).post("/api/conversations",
                Api.ticket("Tôi chưa nhận được hàng", "high"));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.header("Location")).hasValueSatisfying(l -> l.endsWith(created.json().path("id").asString()));
        var json = created.json();
        String id = json.path("id").asString();
        assertThat(json.path("status").asString()).isEqualTo("pending");
        assertThat(json.path("kind").asString()).isEqualTo("support");
        assertThat(json.path("ticketNumber").asString()).matches("T-\\d{6}");
        assertThat(json.path("customer").path("name").asString()).isEqualTo("Customer " + customer);
        assertThat(json.path("priority").asString()).isEqualTo("high");
        assertThat(json.path("firstResponseDueAt").asString()).isNotBlank();
        assertThat(json.path("lastMessage").path("preview").asString()).isEqualTo("Tôi chưa nhận được hàng");
        assertThat(json.path("unread").path("staff").asInt()).isEqualTo(1);
        assertThat(json.path("queue").path("position").asLong()).isPositive();
        assertThat(json.path("queue").path("estimatedWaitSeconds").asLong()).isPositive();
        assertThat(json.path("participantIds").toString()).isEqualTo("[\"" + customer + "\"]");

        var events = probe.await(e -> e.conversationId().equals(id), 1, Duration.ofSeconds(30));
        assertThat(events).hasSize(1);
        assertThat(events.getFirst().type()).isEqualTo("conversation.created");
        assertThat(events.getFirst().payload()).isInstanceOfSatisfying(ConversationCreated.class, c -> {
            assertThat(c.firstMessage()).isEqualTo("Tôi chưa nhận được hàng");
            assertThat(c.ticketNumber()).isEqualTo(json.path("ticketNumber").asString());
            assertThat(c.participantIds()).containsExactly(customer);
        });
        assertThat(events.getFirst().actor().role()).isEqualTo("customer");
    }

    @Test
    void aWaitingCustomerSeesTheirPlaceInTheQueueWhichUrgentTicketsJumpAndClaimsShorten() {
        String customer = Api.unique("c");
        String low = api.open(customer, "low");
        long lowBefore = queuePosition(api, customer, low);
        String urgent = api.open(Api.unique("c"), "urgent");
        long urgentPosition = queuePosition(api, null, urgent);

        assertThat(urgentPosition).isLessThan(lowBefore);
        assertThat(queuePosition(api, customer, low)).as("an urgent ticket went ahead").isEqualTo(lowBefore + 1);
        assertThat(api.staff("s-q").put("/api/conversations/" + urgent + "/seen", null).status()).isEqualTo(200);
        assertThat(queuePosition(api, customer, low)).isEqualTo(lowBefore);
        assertThat(api.staff("s-q").get("/api/conversations/" + urgent).json().has("queue")).isFalse();
    }

    private static long queuePosition(Api api, String customer, String id) {
        TestHttp caller = customer == null ? api.staff("s-q") : api.customer(customer);
        var queue = caller.get("/api/conversations/" + id).json().path("queue");
        assertThat(queue.path("estimatedWaitSeconds").asLong()).isPositive();
        return queue.path("position").asLong();
    }

    @Test
    void ticketNumbersAreUniqueAndIncreasing() {
        String customer = Api.unique("c");
        String first = api.customer(customer).post("/api/conversations", Api.ticket("one", null)).json()
                .path("ticketNumber").asString();
        String second = api.customer(customer).post("/api/conversations", Api.ticket("two", null)).json()
                .path("ticketNumber").asString();
        assertThat(second).isNotEqualTo(first);
        assertThat(second.compareTo(first)).isPositive();
    }

    @Test
    void aRetriedCreateWithTheSameIdempotencyKeyReturnsTheSameTicketAndEmitsOneEvent() {
        String customer = Api.unique("c");
        TestHttp caller = api.customer(customer);
        var request = caller.request("/api/conversations").header("Content-Type", "application/json")
                .header("Idempotency-Key", "retry-1")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"message\":\"Hello?\"}"));

        TestHttp.Response first = caller.send(request);
        TestHttp.Response retry = caller.send(request);
        TestHttp.Response viaBody = caller.post("/api/conversations",
                Map.of("message", "Hello?", "clientRequestId", "retry-1"));

        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.header("Idempotent-Replayed")).hasValue("true");
        assertThat(viaBody.status()).isEqualTo(200);
        String id = first.json().path("id").asString();
        assertThat(retry.json().path("id").asString()).isEqualTo(id);
        assertThat(viaBody.json().path("id").asString()).isEqualTo(id);
        assertThat(ticketsOf(customer)).isEqualTo(1);
        assertThat(probe.awaitQuiet(Outboxes.drained(mongo, "conversations")).stream().filter(e -> e.conversationId().equals(id))).hasSize(1);
    }

    @Test
    void concurrentCreatesGetDistinctNumbersAndConcurrentRetriesOfOneRequestMakeOneTicket() throws Exception {
        String customer = Api.unique("c");
        TestHttp caller = api.customer(customer);
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(8);
        List<TestHttp.Response> distinct = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<TestHttp.Response> retries = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            List<java.util.concurrent.Future<?>> runs = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                runs.add(pool.submit(() -> {
                    start.await(30, java.util.concurrent.TimeUnit.SECONDS);
                    distinct.add(caller.post("/api/conversations", Map.of("message", "parallel " + thread)));
                    start.await(30, java.util.concurrent.TimeUnit.SECONDS);
                    retries.add(caller.post("/api/conversations",
                            Map.of("message", "double click", "clientRequestId", "same-click")));
                    return null;
                }));
            }
            for (var run : runs) {
                run.get(2, java.util.concurrent.TimeUnit.MINUTES);
            }
        }

        assertThat(distinct).allSatisfy(r -> assertThat(r.status()).isEqualTo(201));
        assertThat(distinct.stream().map(r -> r.json().path("ticketNumber").asString()).distinct()).hasSize(8);
        assertThat(retries.stream().map(TestHttp.Response::status)).containsOnly(201, 200)
                .filteredOn(status -> status == 201).hasSize(1);
        assertThat(retries.stream().map(r -> r.json().path("id").asString()).distinct()).hasSize(1);
        assertThat(ticketsOf(customer)).isEqualTo(9);
    }

    @Test
    void readingIsForTheCustomerStaffAndAdminAndEveryoneElseIsToldItDoesNotExist() {
        String customer = Api.unique("c");
        String id = api.open(customer, "low");

        assertThat(api.customer(customer).get("/api/conversations/" + id).status()).isEqualTo(200);
        TestHttp.Response staffView = api.staff("s-reader").get("/api/conversations/" + id);
        assertThat(staffView.status()).isEqualTo(200);
        assertThat(staffView.json().path("activity").get(0).path("action").asString()).isEqualTo("created");
        assertThat(api.admin("a-1").get("/api/conversations/" + id).status()).isEqualTo(200);
        TestHttp.Response stranger = api.customer(Api.unique("c")).get("/api/conversations/" + id);
        assertThat(stranger.status()).isEqualTo(404);
        assertThat(stranger.code()).isEqualTo("conversation_not_found");
        // reading does not claim
        assertThat(api.customer(customer).get("/api/conversations/" + id).json().path("status").asString())
                .isEqualTo("pending");
    }

    @Test
    void unknownAndMalformedIdsAreNotFoundWithAStableCode() {
        for (String id : List.of("5f0000000000000000000000", "not-an-id", "%20")) {
            TestHttp.Response response = api.staff("s-1").get("/api/conversations/" + id);
            assertThat(response.status()).as(id).isEqualTo(404);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.code()).isEqualTo("conversation_not_found");
        }
    }

    @Test
    void badCreateRequestsAreRefusedWithAStableCodeAndWriteNothing() {
        String customer = Api.unique("c");
        TestHttp caller = api.customer(customer);

        TestHttp.Response noMessage = caller.post("/api/conversations", Map.of("subject", "help"));
        TestHttp.Response blankMessage = caller.post("/api/conversations", Map.of("message", "   "));
        TestHttp.Response longSubject = caller.post("/api/conversations",
                Map.of("message", "hi", "subject", "x".repeat(201)));
        TestHttp.Response badPriority = caller.post("/api/conversations", Map.of("message", "hi", "priority", "asap"));
        TestHttp.Response notJson = caller.post("/api/conversations", "{\"message\":");
        TestHttp.Response staffCreates = api.staff(customer).post("/api/conversations", Map.of("message", "hi"));

        for (TestHttp.Response r : List.of(noMessage, blankMessage, longSubject, badPriority)) {
            assertThat(r.status()).as(r.toString()).isEqualTo(400);
            assertThat(r.code()).isEqualTo("validation_failed");
        }
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.code()).isEqualTo("malformed_request");
        assertThat(staffCreates.status()).isEqualTo(403);
        assertThat(staffCreates.code()).isEqualTo("role_not_allowed");
        assertThat(ticketsOf(customer)).isZero();
    }

    private long ticketsOf(String customerId) {
        return mongo.count(Query.query(Criteria.where("customerId").is(customerId)), Conversation.class);
    }
}
