package com.parley.messaging.edit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import com.parley.events.MessageUpdated;
import com.parley.events.Topics;
import com.parley.messaging.support.MessagingIntegrationTest;
import com.parley.testsupport.EventProbe;
import com.parley.testsupport.TestHttp;

import tools.jackson.databind.JsonNode;

class EditAndDeleteIntegrationTests extends MessagingIntegrationTest {

    @Test
    void theAuthorEditsAndDeletesWithinTheWindowAndHistoryAndEventsShowIt() {
        String conversation = thread("buyer-e", "seller-e");
        TestHttp buyer = as(buyerToken("buyer-e"));
        String messages = "/api/conversations/" + conversation + "/messages";
        String first = buyer.post(messages, text("Shop còn hàng không?", "e-1")).json().path("id").asString();
        String second = buyer.post(messages, text("Nhầm tin", "e-2")).json().path("id").asString();

        try (EventProbe probe = EventProbe.onSharedBroker(Topics.MESSAGES)) {
            TestHttp.Response edited = buyer.patch(messages + "/" + first, Map.of("content", "Shop còn size 42 không?"));
            TestHttp.Response deleted = buyer.delete(messages + "/" + second);

            assertThat(edited.status()).isEqualTo(200);
            assertThat(deleted.status()).isEqualTo(200);
            JsonNode items = as(sellerToken("seller-e")).get(messages).json().path("items");
            assertThat(items.get(0).path("content").asString()).isEqualTo("Shop còn size 42 không?");
            assertThat(items.get(0).path("editedAt").isNull()).isFalse();
            assertThat(items.get(0).path("seq").asLong()).isEqualTo(1);
            assertThat(items.get(1).path("content").asString()).isEmpty();
            assertThat(items.get(1).path("deletedAt").isNull()).isFalse();
            assertThat(items.get(1).path("seq").asLong()).isEqualTo(2);

            List<MessageUpdated> updates = probe.await(e -> e.conversationId().equals(conversation)
                    && e.payload() instanceof MessageUpdated, 2, WAIT).stream()
                    .map(e -> (MessageUpdated) e.payload()).toList();
            assertThat(updates).extracting(MessageUpdated::change).containsExactly("edited", "deleted");
            assertThat(updates.get(0).content()).isEqualTo("Shop còn size 42 không?");
            assertThat(updates.get(1).content()).isNull();
            assertThat(updates.get(1).seq()).isEqualTo(2);
        }
        JsonNode review = as(adminToken("admin-e")).get("/api/admin/messages/" + second + "/moderation").json();
        assertThat(review.path("previousVersions").get(0).path("content").asString()).isEqualTo("Nhầm tin");
        assertThat(buyer.delete(messages + "/" + second).code()).isEqualTo("message_deleted");
    }

    @Test
    void othersCannotChangeAMessageAndNobodyAfterTheWindow() {
        String conversation = thread("buyer-e2", "seller-e2");
        String messages = "/api/conversations/" + conversation + "/messages";
        TestHttp buyer = as(buyerToken("buyer-e2"));
        String id = buyer.post(messages, text("hello", "e2-1")).json().path("id").asString();

        TestHttp.Response bySeller = as(sellerToken("seller-e2")).patch(messages + "/" + id, Map.of("content", "hacked"));
        assertThat(bySeller.status()).isEqualTo(403);
        assertThat(bySeller.code()).isEqualTo("not_author");
        assertThat(buyer.patch(messages + "/nope", Map.of("content", "x")).code()).isEqualTo("message_not_found");

        mongo.updateFirst(new Query(Criteria.where("_id").is(id)),
                new Update().set("createdAt", Instant.now().minus(Duration.ofHours(1))), "messages");
        TestHttp.Response late = buyer.patch(messages + "/" + id, Map.of("content", "too late"));
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.code()).isEqualTo("edit_window_closed");
        assertThat(buyer.delete(messages + "/" + id).code()).isEqualTo("edit_window_closed");
        assertThat(buyer.get(messages).json().path("items").get(0).path("content").asString()).isEqualTo("hello");
    }
}
