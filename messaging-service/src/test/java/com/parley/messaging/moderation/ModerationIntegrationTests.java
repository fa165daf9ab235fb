package com.parley.messaging.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.parley.events.MessageSent;
import com.parley.events.Topics;
import com.parley.messaging.support.MessagingIntegrationTest;
import com.parley.testsupport.EventProbe;
import com.parley.testsupport.TestHttp;

import tools.jackson.databind.JsonNode;

class ModerationIntegrationTests extends MessagingIntegrationTest {

    static final String WITH_CONTACTS = "Đơn ORD-20261122-0042 giá 1.250.000đ, gọi 0912 345 678 hoặc mail lan@shop.vn";
    static final String MASKED = "Đơn ORD-20261122-0042 giá 1.250.000đ, gọi [phone hidden] hoặc mail [email hidden]";

    @Test
    void contactsInAThreadAreMaskedForTheOtherPartyAndTheEventWhileAdminsSeeTheOriginal() {
        String conversation = thread("buyer-m", "seller-m");
        try (EventProbe probe = EventProbe.onSharedBroker(Topics.MESSAGES)) {
            TestHttp.Response sent = as(buyerToken("buyer-m")).post("/api/conversations/" + conversation + "/messages",
                    text(WITH_CONTACTS, "m-1"));

            assertThat(sent.status()).isEqualTo(201);
            assertThat(sent.json().path("content").asString()).isEqualTo(MASKED);
            JsonNode seen = as(sellerToken("seller-m")).get("/api/conversations/" + conversation + "/messages").json();
            assertThat(seen.path("items").get(0).path("content").asString()).isEqualTo(MASKED);
            assertThat(seen.toString()).doesNotContain("0912").doesNotContain("lan@shop.vn");
            MessageSent event = (MessageSent) probe.await(e -> e.conversationId().equals(conversation), 1, WAIT)
                    .getFirst().payload();
            assertThat(event.content()).isEqualTo(MASKED);

            String messageId = sent.json().path("id").asString();
            JsonNode review = as(adminToken("admin-m")).get("/api/admin/messages/" + messageId + "/moderation").json();
            assertThat(review.path("original").asString()).isEqualTo(WITH_CONTACTS);
            assertThat(review.path("masked").toString()).contains("phone", "email");
            TestHttp.Response sellerPeeks = as(sellerToken("seller-m")).get("/api/admin/messages/" + messageId + "/moderation");
            assertThat(sellerPeeks.status()).isEqualTo(403);
            assertThat(sellerPeeks.code()).isEqualTo("admin_only");
        }
        assertThat(TestHttp.at(port).get("/actuator/prometheus").body())
                .contains("parley_messages_masked_total{", "what=\"phone\"", "what=\"email\"");
    }

    @Test
    void supportTicketsAreNotMaskedByDefaultAndBannedKeywordsAreFlaggedButDelivered() {
        String ticket = supportTicket("cust-m");
        TestHttp customer = as(customerToken("cust-m"));

        TestHttp.Response plain = customer.post("/api/conversations/" + ticket + "/messages",
                text("Số của tôi 0912 345 678", "m-2"));
        TestHttp.Response flagged = customer.post("/api/conversations/" + ticket + "/messages",
                text("Add Zalo mình cho nhanh", "m-3"));

        assertThat(plain.json().path("content").asString()).isEqualTo("Số của tôi 0912 345 678");
        assertThat(flagged.status()).isEqualTo(201);
        assertThat(flagged.json().path("content").asString()).isEqualTo("Add Zalo mình cho nhanh");
        assertThat(as(adminToken("admin-m")).get("/api/admin/moderation/flagged?limit=0").code())
                .isEqualTo("invalid_parameter");
        JsonNode queue = as(adminToken("admin-m")).get("/api/admin/moderation/flagged?limit=100").json();
        assertThat(queue.path("items").findValuesAsString("messageId")).contains(flagged.json().path("id").asString())
                .doesNotContain(plain.json().path("id").asString());
        assertThat(as(customerToken("cust-m")).get("/api/admin/moderation/flagged").status()).isEqualTo(403);
        assertThat(TestHttp.at(port).get("/actuator/prometheus").body()).contains("parley_messages_flagged_total");
        assertThat(as(adminToken("admin-m")).get("/api/admin/moderation/flagged?cursor=bm9wZQ").status()).isEqualTo(400);
    }

    @Test
    void anEditIsModeratedToo() {
        String conversation = thread("buyer-m2", "seller-m2");
        TestHttp buyer = as(buyerToken("buyer-m2"));
        String id = buyer.post("/api/conversations/" + conversation + "/messages", text("hello", "m-4")).json()
                .path("id").asString();

        TestHttp.Response edited = buyer.patch("/api/conversations/" + conversation + "/messages/" + id,
                Map.of("content", "gọi +84 912 345 678"));

        assertThat(edited.json().path("content").asString()).isEqualTo("gọi [phone hidden]");
    }
}
