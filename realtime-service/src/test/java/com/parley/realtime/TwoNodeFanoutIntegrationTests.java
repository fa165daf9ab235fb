package com.parley.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

import com.parley.events.PresenceKeys;
import com.parley.testsupport.TestHttp;
import com.parley.testsupport.TestTokens;

import tools.jackson.databind.JsonNode;

/**
 * Two realtime nodes on one Kafka broker and one Redis, real WebSocket clients on both: the support flow of the
 * product brief end to end.
 */
class TwoNodeFanoutIntegrationTests extends TwoNodeIntegrationTest {

    @Autowired
    StringRedisTemplate redis;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @Test
    void everyStaffOnBothNodesSeesTheNewTicketThenTheClaimAndTheTwoSidesChatInOrder() {
        String run = TestEvents.newId("r");
        List<String> staffIds = List.of(run + "-s1", run + "-s2", run + "-s3", run + "-s4", run + "-s5");
        String customerId = run + "-cust";
        List<WsClient> staff = new ArrayList<>();
        for (int i = 0; i < staffIds.size(); i++) {
            staff.add(connect(i % 2 == 0 ? nodeA : nodeB, TestTokens.staff(staffIds.get(i))));
        }
        WsClient customer = connect(nodeB, TestTokens.customer(customerId));
        String ticket = TestEvents.newId("conv");

        events.ticketCreated(ticket, customerId);

        for (WsClient client : staff) {
            JsonNode created = client.awaitFrame("conversation.created", d -> d.path("id").asString().equals(ticket));
            assertThat(created.path("kind").asString()).isEqualTo("support");
            assertThat(created.path("customer").path("id").asString()).isEqualTo(customerId);
        }
        customer.awaitFrame("conversation.created", d -> d.path("id").asString().equals(ticket));

        String winner = staffIds.get(1); // connected to node-b
        events.claimed(ticket, winner, customerId);

        for (WsClient client : staff) {
            JsonNode claimed = client.awaitFrame("conversation.claimed", d -> d.path("id").asString().equals(ticket));
            assertThat(claimed.path("claimedBy").path("id").asString()).isEqualTo(winner);
        }
        customer.awaitFrame("conversation.claimed", d -> d.path("id").asString().equals(ticket));

        WsClient agent = staff.get(1);
        List<String> participants = List.of(customerId, winner);
        for (long seq = 1; seq <= 10; seq++) {
            boolean fromCustomer = seq % 2 == 1;
            events.message(ticket, seq, fromCustomer ? customerId : winner, fromCustomer ? "customer" : "staff",
                    participants);
        }

        for (WsClient side : List.of(customer, agent)) {
            List<JsonNode> messages = side.awaitFrames("message.new", 10);
            assertThat(messages).extracting(m -> m.path("data").path("seq").asLong())
                    .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
            JsonNode first = messages.getFirst().path("data");
            assertThat(first.path("conversationId").asString()).isEqualTo(ticket);
            assertThat(first.path("sender").path("id").asString()).isEqualTo(customerId);
            assertThat(first.path("senderType").asString()).isEqualTo("customer");
            assertThat(first.path("content").asString()).isEqualTo("message 1");
            assertThat(first.has("editedAt")).isTrue();
        }
        // staff who did not claim it see no messages of it
        for (WsClient other : List.of(staff.get(0), staff.get(2), staff.get(3), staff.get(4))) {
            assertThat(other.ofType("message.new")).isEmpty();
        }
    }

    @Test
    void typingReachesTheOtherParticipantOnTheOtherNodeAndOutsidersAreRefused() {
        String run = TestEvents.newId("t");
        String customerId = run + "-cust";
        String agentId = run + "-agent";
        String outsiderId = run + "-outsider";
        WsClient customer = connect(nodeA, TestTokens.customer(customerId));
        WsClient agent = connect(nodeB, TestTokens.staff(agentId));
        WsClient outsider = connect(nodeB, TestTokens.staff(outsiderId));
        String ticket = TestEvents.newId("conv");
        events.ticketCreated(ticket, customerId);
        events.claimed(ticket, agentId, customerId);
        agent.awaitFrame("conversation.claimed", d -> d.path("id").asString().equals(ticket));
        customer.awaitFrame("conversation.claimed", d -> d.path("id").asString().equals(ticket));

        customer.send("typing", "{\"conversationId\":\"" + ticket + "\",\"isTyping\":true}");

        JsonNode typing = agent.awaitFrame("typing", d -> d.path("conversationId").asString().equals(ticket));
        assertThat(typing.path("user").path("id").asString()).isEqualTo(customerId);
        assertThat(typing.path("isTyping").asBoolean()).isTrue();

        outsider.send("typing", "{\"conversationId\":\"" + ticket + "\",\"isTyping\":true}");
        JsonNode error = outsider.awaitFrame("error", d -> d.path("code").asString().equals("not_a_participant"));
        assertThat(error.path("conversationId").asString()).isEqualTo(ticket);
        assertThat(customer.ofType("typing")).isEmpty();
        assertThat(outsider.ofType("typing")).isEmpty();
    }

    @Test
    void theRegistryShowsWhoIsOnlineOnWhichNodeAndStaffCanGoAway() {
        String run = TestEvents.newId("p");
        String staffId = run + "-staff";
        String watcherId = run + "-watcher";
        WsClient watcher = connect(nodeA, TestTokens.staff(watcherId));
        WsClient agent = connect(nodeB, TestTokens.staff(staffId));

        assertThat(redis.opsForValue().get(PresenceKeys.online(staffId))).contains("\"status\":\"online\"");
        assertThat(redis.opsForSet().isMember(PresenceKeys.onlineStaff(), staffId)).isTrue();
        String sessionId = agent.ofType("connected").getFirst().path("data").path("sessionId").asString();
        assertThat(redis.opsForSet().members(PresenceKeys.sessions(staffId))).containsExactly(sessionId);
        assertThat(redis.opsForHash().entries(PresenceKeys.session(sessionId)))
                .containsEntry("userId", staffId).containsEntry("node", "node-b").containsKey("connectedAt");
        watcher.awaitFrame("presence", d -> d.path("userId").asString().equals(staffId)
                && d.path("status").asString().equals("online"));

        agent.send("presence", "{\"status\":\"away\"}");

        watcher.awaitFrame("presence", d -> d.path("userId").asString().equals(staffId)
                && d.path("status").asString().equals("away"));
        assertThat(redis.opsForValue().get(PresenceKeys.online(staffId))).contains("\"status\":\"away\"");

        agent.close();

        watcher.awaitFrame("presence", d -> d.path("userId").asString().equals(staffId)
                && d.path("status").asString().equals("offline"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !redis.hasKey(PresenceKeys.online(staffId)));
        assertThat(redis.opsForSet().isMember(PresenceKeys.onlineStaff(), staffId)).isFalse();
        assertThat(redis.hasKey(PresenceKeys.session(sessionId))).isFalse();
    }

    @Test
    void exposesSessionDeliveryAndLatencyMetrics() {
        String run = TestEvents.newId("m");
        WsClient staff = connect(nodeA, TestTokens.staff(run + "-staff"));
        String ticket = TestEvents.newId("conv");
        events.ticketCreated(ticket, run + "-cust");
        staff.awaitFrame("conversation.created", d -> d.path("id").asString().equals(ticket));

        String metrics = TestHttp.at(nodeA).get("/actuator/prometheus").body();
        // for the record (no assertion on timing): how late frames reached sockets on this loaded machine
        meters.find("parley.realtime.delivery.latency").timers().forEach(t -> System.out.printf(
                "DELIVERY_LATENCY type=%s count=%d mean=%.1fms max=%.1fms%n", t.getId().getTag("type"), t.count(),
                t.mean(java.util.concurrent.TimeUnit.MILLISECONDS), t.max(java.util.concurrent.TimeUnit.MILLISECONDS)));
        assertThat(metrics).contains("parley_realtime_sessions")
                .contains("parley_realtime_frames_delivered_total{application=\"realtime-service\",type=\"conversation.created\"}")
                .contains("parley_realtime_delivery_latency_seconds_count{application=\"realtime-service\",type=\"conversation.created\"}");
    }
}
