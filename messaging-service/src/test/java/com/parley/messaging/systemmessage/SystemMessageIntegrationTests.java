package com.parley.messaging.systemmessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.parley.events.ConversationCreated;
import com.parley.events.ConversationUpdated;
import com.parley.events.EventEnvelope;
import com.parley.events.EventPayload;
import com.parley.events.MessageSent;
import com.parley.events.Topics;
import com.parley.events.UserRef;
import com.parley.messaging.support.MessagingIntegrationTest;
import com.parley.testsupport.EventProbe;

import tools.jackson.databind.JsonNode;

class SystemMessageIntegrationTests extends MessagingIntegrationTest {

    @Test
    void conversationEventsBecomeTheFirstMessageAndSystemMessagesEachStoredOnceDespiteRedelivery() {
        try (EventProbe probe = EventProbe.onSharedBroker(Topics.MESSAGES)) {
            String conversation = supportTicket("cust-sys", "Tôi chưa nhận được hàng, đơn ORD-20261122-0042");
            claim(conversation, "cust-sys", "staff-sys");
            EventEnvelope<EventPayload> resolved = publish(conversation, new ConversationUpdated("support", "T-1",
                    "resolved", "resolved", "assigned", UserRef.of("staff-sys", "Staff staff-sys"), null, "medium",
                    List.of(), List.of("cust-sys", "staff-sys")));
            publish(conversation, new ConversationUpdated("support", "T-1", "priority_changed", "resolved", "resolved",
                    UserRef.of("staff-sys", "Staff staff-sys"), null, "high", List.of(), List.of("cust-sys", "staff-sys")));
            // a redelivery of events already handled changes nothing
            events.publishAndWait(resolved, Duration.ofSeconds(10));
            events.publishAndWait(EventEnvelope.of(conversation, null, new ConversationCreated("support", "T-1", "pending",
                    "medium", "Help", UserRef.of("cust-sys", "C"), null, null, null, null, List.of(), null, Instant.now(),
                    "Tôi chưa nhận được hàng, đơn ORD-20261122-0042", List.of("cust-sys")), Instant.now()),
                    Duration.ofSeconds(10));
            // one partition per conversation: once this one is stored, the redeliveries before it were handled
            publish(conversation, new ConversationUpdated("support", "T-1", "reopened", "assigned", "resolved",
                    UserRef.of("staff-sys", "Staff staff-sys"), null, "high", List.of(), List.of("cust-sys", "staff-sys")));

            await().atMost(WAIT).until(() -> storedSeqs(conversation).size() >= 4);
            JsonNode items = as(customerToken("cust-sys")).get("/api/conversations/" + conversation + "/messages")
                    .json().path("items");
            assertThat(items).hasSize(4);
            assertThat(items.get(3).path("content").asString()).isEqualTo("This request was reopened");
            assertThat(items.get(0).path("seq").asLong()).isEqualTo(1);
            assertThat(items.get(0).path("senderType").asString()).isEqualTo("customer");
            assertThat(items.get(0).path("sender").path("id").asString()).isEqualTo("cust-sys");
            assertThat(items.get(0).path("clientMessageId").asString()).isEqualTo("first:" + conversation);
            assertThat(items.get(0).path("content").asString()).contains("ORD-20261122-0042");
            assertThat(items.get(1).path("type").asString()).isEqualTo("system");
            assertThat(items.get(1).path("content").asString()).isEqualTo("Staff staff-sys has taken your request");
            assertThat(items.get(2).path("content").asString()).contains("resolved");
            assertThat(items.get(2).path("clientMessageId").asString()).isEqualTo("event:" + resolved.eventId());

            assertThat(probe.await(e -> e.conversationId().equals(conversation) && e.payload() instanceof MessageSent,
                    4, WAIT)).extracting(e -> ((MessageSent) e.payload()).seq()).containsExactlyInAnyOrder(1L, 2L, 3L, 4L);
            assertThat(storedSeqs(conversation)).containsExactly(1L, 2L, 3L, 4L);
        }
    }
}
