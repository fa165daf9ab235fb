package com.parley.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.parley.events.Actor;
import com.parley.events.ConversationClaimed;
import com.parley.events.ConversationUpdated;
import com.parley.events.EventEnvelope;
import com.parley.events.UserRef;
import com.parley.testsupport.TestTokens;

/**
 * Kafka may hand a node the same event twice (a relay that publishes an entry again, a consumer that re-reads from
 * its last commit after a long freeze): a socket still gets the frame once, claims and updates included.
 */
class RedeliveredEventIntegrationTests extends TwoNodeIntegrationTest {

    @Test
    void aClaimDeliveredTwiceByKafkaReachesEachSocketOnce() {
        String run = TestEvents.newId("dup");
        String customer = run + "-cust";
        String staffId = run + "-staff";
        WsClient onA = connect(nodeA, TestTokens.staff(staffId));
        WsClient onB = connect(nodeB, TestTokens.staff(run + "-other"));
        String ticket = TestEvents.newId("conv");
        EventEnvelope<ConversationClaimed> claimed = EventEnvelope.of(ticket, Actor.of(staffId, "staff", "S"),
                new ConversationClaimed("T-1", UserRef.of(staffId, "S"), Instant.now(), customer,
                        List.of(customer, staffId)), Instant.now());

        events.publish(claimed);
        events.publish(claimed);
        // same conversation, so the same partition: once this arrives, both copies of the claim have been consumed
        // (released: back in the queue, so every staff socket gets it)
        events.publish(EventEnvelope.of(ticket, Actor.of(staffId, "staff", "S"), new ConversationUpdated("support",
                "T-1", "released", "pending", "assigned", null, UserRef.of(staffId, "S"), "high", List.of(),
                List.of(customer)), Instant.now()));

        for (WsClient client : clients) {
            client.awaitFrame("conversation.updated", d -> ticket.equals(d.path("id").asString()));
            assertThat(client.ofType("conversation.claimed").stream()
                    .filter(f -> ticket.equals(f.path("data").path("id").asString())))
                    .as("claim frames on one socket").hasSize(1);
        }
    }

    @Test
    void aMessagePublishedLateAfterAHigherSeqStillReachesTheSocketOnce() {
        String run = TestEvents.newId("late");
        String customer = run + "-cust";
        String staffId = run + "-staff";
        WsClient socket = connect(nodeA, TestTokens.customer(customer));
        String ticket = TestEvents.newId("conv");
        List<String> participants = List.of(customer, staffId);

        // after a broker outage the outbox sweep publishes the backlog (seq 2) after the direct path's newer one
        events.message(ticket, 3, staffId, "staff", participants);
        events.message(ticket, 2, staffId, "staff", participants);
        events.message(ticket, 3, staffId, "staff", participants); // and a plain duplicate
        events.message(ticket, 4, staffId, "staff", participants);

        socket.awaitFrame("message.new", d -> d.path("seq").asLong() == 4 && ticket.equals(d.path("conversationId").asString()));
        assertThat(socket.ofType("message.new").stream()
                .filter(f -> ticket.equals(f.path("data").path("conversationId").asString()))
                .map(f -> f.path("data").path("seq").asLong()))
                .containsExactly(3L, 2L, 4L);
    }
}
