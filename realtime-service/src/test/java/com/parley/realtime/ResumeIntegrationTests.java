package com.parley.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.parley.realtime.connection.LocalConnections;
import com.parley.realtime.resume.RecentMessages;
import com.parley.testsupport.TestTokens;

import tools.jackson.databind.JsonNode;

/** A client that loses its connection mid-conversation reconnects with {@code resume} and misses nothing. */
class ResumeIntegrationTests extends TwoNodeIntegrationTest {

    @Autowired
    LocalConnections connectionsA;
    @Autowired
    RecentMessages recent;

    private static List<Long> seqs(List<JsonNode> frames) {
        return frames.stream().map(f -> f.path("data").path("seq").asLong()).toList();
    }

    private static List<Long> range(long from, long to) {
        List<Long> result = new ArrayList<>();
        for (long seq = from; seq <= to; seq++) {
            result.add(seq);
        }
        return result;
    }

    @Test
    void aDroppedClientResumesOnTheOtherNodeAndGetsEveryMessageOnceInOrder() {
        String run = TestEvents.newId("res");
        String customerId = run + "-cust";
        String agentId = run + "-agent";
        List<String> participants = List.of(customerId, agentId);
        String ticket = TestEvents.newId("conv");
        WsClient customer = connect(nodeA, TestTokens.customer(customerId));
        events.ticketCreated(ticket, customerId);
        events.claimed(ticket, agentId, customerId);
        for (long seq = 1; seq <= 5; seq++) {
            events.message(ticket, seq, seq % 2 == 1 ? customerId : agentId, seq % 2 == 1 ? "customer" : "staff",
                    participants);
        }
        assertThat(seqs(customer.awaitFrames("message.new", 5))).containsExactlyElementsOf(range(1, 5));

        customer.drop();
        await().atMost(Duration.ofSeconds(30)).until(() -> connectionsA.ofUser(customerId).isEmpty());
        for (long seq = 6; seq <= 12; seq++) {
            events.message(ticket, seq, agentId, "staff", participants);
        }
        // what was sent while away is in the resume buffer before the client comes back (else it arrives live)
        await().atMost(Duration.ofSeconds(30)).until(() -> recent.after(ticket, 5, 20).size() == 7);

        // reconnect to the other node; live messages race with the resume
        WsClient back = WsClient.open(nodeB, TestTokens.customer(customerId));
        clients.add(back);
        CompletableFuture<Void> live = CompletableFuture.runAsync(() -> {
            for (long seq = 13; seq <= 18; seq++) {
                events.message(ticket, seq, agentId, "staff", participants);
            }
        });
        back.send("resume", "{\"conversations\":{\"" + ticket + "\":5}}");
        live.join();

        List<JsonNode> received = back.awaitFrames("message.new", 13);
        JsonNode resumed = back.awaitFrame("resumed", d -> true);
        assertThat(seqs(received)).containsExactlyElementsOf(range(6, 18));
        assertThat(received.getFirst().path("data").path("content").asString()).isEqualTo("message 6");
        assertThat(resumed.path("conversations").path(ticket).asLong()).isGreaterThanOrEqualTo(12);
        assertThat(back.ofType("resume.gap")).isEmpty();
        // nothing more arrives later (no duplicates after the fact)
        events.message(ticket, 19, agentId, "staff", participants);
        assertThat(seqs(back.awaitFrames("message.new", 14))).containsExactlyElementsOf(range(6, 19));
    }

    @Test
    void aResumeBeyondTheBufferSaysWhichRangeToReadOverRest() {
        String run = TestEvents.newId("gap");
        String customerId = run + "-cust";
        String agentId = run + "-agent";
        List<String> participants = List.of(customerId, agentId);
        String ticket = TestEvents.newId("conv");
        events.ticketCreated(ticket, customerId);
        // the test buffer keeps 20 messages per conversation
        for (long seq = 1; seq <= 25; seq++) {
            events.message(ticket, seq, agentId, "staff", participants);
        }
        WsClient watcher = connect(nodeA, TestTokens.staff(agentId));
        watcher.send("resume", "{\"conversations\":{\"" + ticket + "\":24}}");
        watcher.awaitFrame("message.new", d -> d.path("seq").asLong() == 25);

        WsClient customer = WsClient.open(nodeB, TestTokens.customer(customerId));
        clients.add(customer);
        customer.send("resume", "{\"conversations\":{\"" + ticket + "\":2}}");

        customer.awaitFrame("resumed", d -> true);
        JsonNode gap = customer.awaitFrame("resume.gap", d -> d.path("conversationId").asString().equals(ticket));
        assertThat(gap.path("afterSeq").asLong()).isEqualTo(2);
        assertThat(gap.path("beforeSeq").asLong()).isEqualTo(6);
        assertThat(seqs(customer.ofType("message.new"))).containsExactlyElementsOf(range(6, 25));
    }

    @Test
    void aResumeOfSomeoneElsesConversationIsRefused() {
        String run = TestEvents.newId("deny");
        String ticket = TestEvents.newId("conv");
        events.ticketCreated(ticket, run + "-owner");
        events.message(ticket, 1, run + "-owner", "customer", List.of(run + "-owner"));
        WsClient owner = connect(nodeA, TestTokens.customer(run + "-owner"));
        owner.send("resume", "{\"conversations\":{\"" + ticket + "\":0}}");
        owner.awaitFrame("message.new", d -> d.path("seq").asLong() == 1);

        WsClient intruder = WsClient.open(nodeA, TestTokens.customer(run + "-intruder"));
        clients.add(intruder);
        intruder.send("resume", "{\"conversations\":{\"" + ticket + "\":0}}");

        intruder.awaitFrame("resumed", d -> true);
        assertThat(intruder.awaitFrame("error", d -> d.path("code").asString().equals("not_a_participant"))
                .path("conversationId").asString()).isEqualTo(ticket);
        assertThat(intruder.ofType("message.new")).isEmpty();
    }
}
