package com.parley.messaging.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.parley.messaging.support.MessagingIntegrationTest;
import com.parley.testsupport.TestHttp;

import tools.jackson.databind.JsonNode;

/**
 * A buyer–seller thread as conversation-service announces it (conversation.created, kind buyer_seller, participants
 * buyer and seller): its two participants talk, with contacts masked; nobody else reads, writes or marks it read.
 */
class ThreadAccessIntegrationTests extends MessagingIntegrationTest {

    @Test
    void onlyTheBuyerAndTheSellerUseAThreadAndTheBuyersPhoneReachesTheSellerMasked() {
        String buyer = "buyer-" + newId();
        String seller = "seller-" + newId();
        String thread = thread(buyer, seller);
        String messages = "/api/conversations/" + thread + "/messages";

        TestHttp.Response asked = as(buyerToken(buyer)).post(messages,
                text("Shop gọi mình qua 0912 345 678 nhé", "t-1"));
        assertThat(asked.status()).as(asked.toString()).isEqualTo(201);
        assertThat(asked.json().path("senderType").asString()).isEqualTo("buyer");
        TestHttp.Response answered = as(sellerToken(seller)).post(messages, text("Dạ shop nhắn ở đây ạ", "t-2"));
        assertThat(answered.status()).isEqualTo(201);

        JsonNode sellerSees = as(sellerToken(seller)).get(messages).json();
        assertThat(sellerSees.path("items").get(0).path("content").asString())
                .isEqualTo("Shop gọi mình qua [phone hidden] nhé");
        assertThat(sellerSees.toString()).doesNotContain("0912");
        assertThat(as(buyerToken(buyer)).get(messages).json().path("items")).hasSize(2);
        assertThat(as(adminToken("admin-t")).get(messages).status()).isEqualTo(200);

        // third parties: another buyer, another seller, a support agent, a customer
        List<String> outsiders = List.of(buyerToken("buyer-other"), sellerToken("seller-other"),
                staffToken("staff-t"), customerToken("cust-t"));
        for (String token : outsiders) {
            TestHttp.Response write = as(token).post(messages, text("xin chào", "out-" + token.hashCode()));
            TestHttp.Response read = as(token).get(messages);
            TestHttp.Response receipt = as(token).post("/api/conversations/" + thread + "/read", Map.of("upToSeq", 2));
            assertThat(List.of(write, read, receipt)).allSatisfy(r -> {
                assertThat(r.status()).as(r.toString()).isIn(403, 404);
                assertThat(r.contentType()).startsWith("application/problem+json");
            });
        }
        assertThat(storedMessages(thread)).isEqualTo(2);
    }
}
