package com.parley.messaging.systemmessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.parley.events.ConversationUpdated;
import com.parley.events.MessageSent;
import com.parley.events.Topics;
import com.parley.events.UserRef;
import com.parley.messaging.support.MessagingIntegrationTest;
import com.parley.testsupport.EventProbe;

import tools.jackson.databind.JsonNode;

/** Text the server writes is stored as a code plus parameters and read in each reader's own language. */
class ReaderLanguageIntegrationTests extends MessagingIntegrationTest {

    @Test
    void theCustomerReadsTheClaimInVietnameseWhileTheAgentReadsItInEnglish() {
        try (EventProbe probe = EventProbe.onSharedBroker(Topics.MESSAGES)) {
            String conversation = supportTicket("cust-lang", "Đơn hàng của tôi đâu?");
            claim(conversation, "cust-lang", "staff-lang");
            publish(conversation, new ConversationUpdated("support", "T-1", "resolved", "resolved", "assigned",
                    UserRef.of("staff-lang", "Staff staff-lang"), null, "medium", List.of(),
                    List.of("cust-lang", "staff-lang")));
            await().atMost(WAIT).until(() -> storedSeqs(conversation).size() >= 3);

            JsonNode vi = as(customerToken("cust-lang")).acceptLanguage("vi-VN,vi;q=0.9")
                    .get("/api/conversations/" + conversation + "/messages").json().path("items");
            JsonNode en = as(staffToken("staff-lang")).acceptLanguage("en-GB")
                    .get("/api/conversations/" + conversation + "/messages").json().path("items");
            JsonNode none = as(customerToken("cust-lang")).acceptLanguage(null)
                    .get("/api/conversations/" + conversation + "/messages").json().path("items");

            assertThat(vi.get(1).path("content").asString()).isEqualTo("Staff staff-lang đã tiếp nhận yêu cầu của bạn");
            assertThat(en.get(1).path("content").asString()).isEqualTo("Staff staff-lang has taken your request");
            assertThat(none.get(1).path("content").asString()).as("Vietnamese by default")
                    .isEqualTo("Staff staff-lang đã tiếp nhận yêu cầu của bạn");
            assertThat(vi.get(1).path("text").path("code").asString()).isEqualTo("system.claimed");
            assertThat(vi.get(1).path("text").path("params").path("agent").asString()).isEqualTo("Staff staff-lang");
            assertThat(vi.get(2).path("content").asString()).startsWith("Yêu cầu này đã được đánh dấu là đã giải quyết");
            assertThat(en.get(2).path("content").asString()).startsWith("This request was marked as resolved");
            assertThat(vi.get(0).path("text").isMissingNode() || vi.get(0).path("text").isNull())
                    .as("a person's message has no catalogue text").isTrue();

            MessageSent claimed = (MessageSent) probe.await(e -> e.conversationId().equals(conversation)
                    && e.payload() instanceof MessageSent m && m.seq() == 2, 1, WAIT).getFirst().payload();
            assertThat(claimed.text().code()).as("the event carries the code for realtime clients").isEqualTo("system.claimed");
            assertThat(claimed.content()).isEqualTo("Staff staff-lang has taken your request");
        }
    }

    @Test
    void maskingPlaceholdersFollowTheReader() {
        String conversation = thread("buyer-lang", "seller-lang");
        assertThat(as(buyerToken("buyer-lang")).post("/api/conversations/" + conversation + "/messages",
                text("gọi mình 0912 345 678 nhé", "c-mask-1")).status()).isEqualTo(201);

        String vi = as(sellerToken("seller-lang")).acceptLanguage("vi")
                .get("/api/conversations/" + conversation + "/messages").json().path("items").get(0).path("content").asString();
        String en = as(sellerToken("seller-lang")).acceptLanguage("en")
                .get("/api/conversations/" + conversation + "/messages").json().path("items").get(0).path("content").asString();
        assertThat(vi).isEqualTo("gọi mình [đã ẩn số điện thoại] nhé");
        assertThat(en).isEqualTo("gọi mình [phone hidden] nhé");
    }

    @Test
    void aRefusalIsExplainedInTheCallersLanguage() {
        String conversation = thread("buyer-lang2", "seller-lang2");
        String tooLong = "x".repeat(4001);
        var vi = as(buyerToken("buyer-lang2")).acceptLanguage("vi")
                .post("/api/conversations/" + conversation + "/messages", text(tooLong, "c-long-1"));
        var en = as(buyerToken("buyer-lang2")).acceptLanguage("en-US,en;q=0.8")
                .post("/api/conversations/" + conversation + "/messages", text(tooLong, "c-long-2"));

        assertThat(vi.status()).isEqualTo(400);
        assertThat(vi.code()).isEqualTo("content_too_long");
        assertThat(vi.json().path("detail").asString()).isEqualTo("Tin nhắn dài tối đa 4000 ký tự");
        assertThat(en.code()).isEqualTo("content_too_long");
        assertThat(en.json().path("detail").asString()).isEqualTo("A message may have at most 4000 characters");
        assertThat(vi.header("Content-Language")).contains("vi");
        assertThat(en.header("Content-Language")).contains("en");
    }
}
