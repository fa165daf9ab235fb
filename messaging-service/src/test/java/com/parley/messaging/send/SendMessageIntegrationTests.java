package com.parley.messaging.send;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.parley.events.Actor;
import com.parley.events.EventEnvelope;
import com.parley.events.EventPayload;
import com.parley.events.MessageSent;
import com.parley.events.Topics;
import com.parley.events.UserRef;
import com.parley.messaging.support.ConversationServiceStub;
import com.parley.messaging.support.MessagingIntegrationTest;
import com.parley.messaging.system.MessagingProperties;
import com.parley.support.outbox.Outbox;
import com.parley.testsupport.EventProbe;
import com.parley.testsupport.TestHttp;
import com.parley.testsupport.Outboxes;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class SendMessageIntegrationTests extends MessagingIntegrationTest {

    @Autowired
    Outbox outbox;

    @Autowired
    MessagingProperties properties;

    @Test
    void twentyConcurrentSendersGetGapFreeUniqueSeqsAndExactlyOneEventPerMessage() throws Exception {
        String conversation = supportTicket("cust-20");
        int senders = 20;
        int perSender = 5;
        try (EventProbe probe = EventProbe.onSharedBroker(Topics.MESSAGES);
             ExecutorService pool = Executors.newFixedThreadPool(senders)) {
            List<Callable<List<Integer>>> tasks = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                TestHttp admin = as(adminToken("admin-" + s));
                int sender = s;
                tasks.add(() -> {
                    List<Integer> statuses = new ArrayList<>();
                    for (int i = 0; i < perSender; i++) {
                        statuses.add(admin.post("/api/conversations/" + conversation + "/messages",
                                text("from " + sender + " #" + i, "s" + sender + "-" + i)).status());
                    }
                    return statuses;
                });
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<List<Integer>> f : pool.invokeAll(tasks)) {
                statuses.addAll(f.get());
            }

            int total = senders * perSender;
            assertThat(statuses).hasSize(total).containsOnly(201);
            assertThat(storedSeqs(conversation)).containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
            List<Long> eventSeqs = probe.await(sentIn(conversation), total, WAIT).stream()
                    .map(e -> ((MessageSent) e.payload()).seq()).sorted().toList();
            assertThat(eventSeqs).containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
            assertThat(probe.awaitQuiet(Outboxes.drained(mongo, "messages", "read_receipts")).stream().filter(sentIn(conversation))).hasSize(total);
        }
    }

    @Test
    void concurrentRetriesOfOneClientMessageIdStoreOneMessageAndAnswerWithIt() throws Exception {
        String conversation = supportTicket("cust-retry");
        TestHttp customer = as(customerToken("cust-retry"));
        try (EventProbe probe = EventProbe.onSharedBroker(Topics.MESSAGES);
             ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Callable<TestHttp.Response>> tasks = Collections.nCopies(8, () -> customer.post(
                    "/api/conversations/" + conversation + "/messages", text("Xin chào", "retry-1")));
            List<TestHttp.Response> responses = new ArrayList<>();
            for (Future<TestHttp.Response> f : pool.invokeAll(tasks)) {
                responses.add(f.get());
            }

            assertThat(responses).extracting(TestHttp.Response::status).containsOnly(200, 201)
                    .filteredOn(status -> status == 201).hasSize(1);
            assertThat(responses).extracting(r -> r.json().path("id").asString()).containsOnly(responses.get(0).json().path("id").asString());
            assertThat(responses).extracting(r -> r.json().path("seq").asLong()).containsOnly(1L);
            assertThat(storedMessages(conversation)).isEqualTo(1);

            TestHttp.Response later = customer.post("/api/conversations/" + conversation + "/messages", text("Xin chào", "retry-1"));
            assertThat(later.status()).isEqualTo(200);
            assertThat(later.header("Idempotent-Replayed")).contains("true");
            assertThat(probe.await(sentIn(conversation), 1, WAIT)).hasSize(1);
            assertThat(probe.awaitQuiet(Outboxes.drained(mongo, "messages", "read_receipts")).stream().filter(sentIn(conversation))).hasSize(1);
        }
    }

    @Test
    void anotherUserReusingAClientMessageIdIsRefusedNotGivenSomeoneElsesMessage() {
        String conversation = supportTicket("cust-cmid");
        claim(conversation, "cust-cmid", "staff-cmid");
        assertThat(as(customerToken("cust-cmid")).post("/api/conversations/" + conversation + "/messages",
                text("hi", "same")).status()).isEqualTo(201);

        TestHttp.Response clash = as(staffToken("staff-cmid")).post("/api/conversations/" + conversation + "/messages",
                text("hello", "same"));

        assertThat(clash.status()).isEqualTo(409);
        assertThat(clash.code()).isEqualTo("client_message_id_conflict");
        assertThat(storedMessages(conversation)).isEqualTo(1);
    }

    /** Two appenders without the in-process lock stand for two service instances racing on the unique index. */
    @Test
    void appendersOfTwoInstancesStayGapFreeOnTheUniqueIndexAlone() throws Exception {
        String conversation = newId();
        MessagingProperties.Send unlocked = new MessagingProperties.Send(4000, 10, Duration.ofMinutes(15), 200, false);
        List<SequencedMessageAppender> instances = List.of(
                new SequencedMessageAppender(mongo, outbox, Clock.systemUTC(), unlocked, new SimpleMeterRegistry()),
                new SequencedMessageAppender(mongo, outbox, Clock.systemUTC(), unlocked, new SimpleMeterRegistry()));
        try (ExecutorService pool = Executors.newFixedThreadPool(20)) {
            List<Callable<Long>> tasks = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                SequencedMessageAppender appender = instances.get(i % 2);
                String clientId = "direct-" + (i % 50);  // ten ids sent twice, by both instances
                tasks.add(() -> appender.append(new SequencedMessageAppender.Draft(conversation, "support",
                        UserRef.of("u-1", "U"), "customer", Message.TEXT, "m", List.of(), clientId, null, null,
                        List.of("u-1"), Actor.SYSTEM)).message().seq());
            }
            for (Future<Long> f : pool.invokeAll(tasks)) {
                f.get();
            }
        }
        assertThat(storedSeqs(conversation)).containsExactlyElementsOf(LongStream.rangeClosed(1, 50).boxed().toList());
    }

    @Test
    void refusedSendsStoreNothingAndPublishNothing() {
        String conversation = supportTicket("cust-refuse");
        claim(conversation, "cust-refuse", "staff-owner");
        ConversationServiceStub.get().support(conversation, "assigned", "cust-refuse", "staff-owner");
        String path = "/api/conversations/" + conversation + "/messages";
        try (EventProbe probe = EventProbe.onSharedBroker(Topics.MESSAGES)) {
            TestHttp.Response tooLong = as(customerToken("cust-refuse")).post(path,
                    text("x".repeat(properties.send().maxContentLength() + 1), "long-1"));
            TestHttp.Response outsider = as(customerToken("someone-else")).post(path, text("hi", "out-1"));
            TestHttp.Response otherStaff = as(staffToken("staff-other")).post(path, text("hi", "staff-1"));
            TestHttp.Response system = as(customerToken("cust-refuse")).post(path,
                    Map.of("content", "fake", "type", "system", "clientMessageId", "sys-1"));
            TestHttp.Response empty = as(customerToken("cust-refuse")).post(path, text("   ", "empty-1"));
            TestHttp.Response noToken = TestHttp.at(port).post(path, text("hi", "anon-1"));

            assertThat(tooLong.status()).isEqualTo(400);
            assertThat(tooLong.code()).isEqualTo("content_too_long");
            assertThat(outsider.status()).isEqualTo(403);
            assertThat(outsider.code()).isEqualTo("not_a_participant");
            assertThat(otherStaff.status()).isEqualTo(403);
            assertThat(otherStaff.code()).isEqualTo("not_assignee");
            assertThat(system.status()).isEqualTo(400);
            assertThat(system.code()).isEqualTo("invalid_message_type");
            assertThat(empty.code()).isEqualTo("empty_message");
            assertThat(noToken.status()).isEqualTo(401);
            assertThat(List.of(tooLong, outsider, otherStaff, system, empty, noToken))
                    .allSatisfy(r -> assertThat(r.contentType()).startsWith("application/problem+json"));
            assertThat(storedMessages(conversation)).isZero();
            assertThat(probe.awaitQuiet(Outboxes.drained(mongo, "messages", "read_receipts")).stream().filter(sentIn(conversation))
                    .filter(e -> !"system".equals(((MessageSent) e.payload()).type()))).isEmpty();
        }
    }

    @Test
    void staffMayWriteOnlyOnceTheyClaimedTheTicketAndTheCustomerNotToAClosedOne() {
        String conversation = supportTicket("cust-life");
        String path = "/api/conversations/" + conversation + "/messages";
        ConversationServiceStub.get().support(conversation, "pending", "cust-life", null);
        assertThat(as(staffToken("staff-life")).post(path, text("hi", "early")).code()).isEqualTo("not_assignee");

        claim(conversation, "cust-life", "staff-life");
        TestHttp.Response reply = as(staffToken("staff-life")).post(path, text("Chào anh", "reply-1"));
        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.json().path("senderType").asString()).isEqualTo("staff");

        publish(conversation, new com.parley.events.ConversationUpdated("support", "T-" + conversation, "closed",
                "closed", "resolved", UserRef.of("staff-life", "S"), null, "medium", List.of(),
                List.of("cust-life", "staff-life")));
        ConversationServiceStub.get().support(conversation, "closed", "cust-life", "staff-life");
        org.awaitility.Awaitility.await().atMost(WAIT).until(() ->
                "closed".equals(mongo.findById(conversation, Map.class, "conversation_access").get("status")));
        TestHttp.Response closed = as(customerToken("cust-life")).post(path, text("còn đó không?", "late-1"));
        assertThat(closed.status()).isEqualTo(409);
        assertThat(closed.code()).isEqualTo("conversation_closed");
    }

    static java.util.function.Predicate<EventEnvelope<EventPayload>> sentIn(String conversationId) {
        return e -> e.conversationId().equals(conversationId) && e.payload() instanceof MessageSent;
    }
}
