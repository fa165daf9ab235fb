package com.parley.messaging.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.parley.messaging.support.ConversationServiceStub;
import com.parley.messaging.support.MessagingIntegrationTest;
import com.parley.testsupport.TestHttp;

/** When the read model has not heard of a conversation yet, conversation-service decides (with the caller's token). */
class AccessFallbackIntegrationTests extends MessagingIntegrationTest {

    final ConversationServiceStub conversationService = ConversationServiceStub.get();

    @Test
    void aConversationTheReadModelDoesNotKnowYetIsCheckedWithConversationService() {
        String conversation = newId();
        conversationService.support(conversation, "pending", "cust-fb", null);
        String token = customerToken("cust-fb");

        TestHttp.Response sent = as(token).post("/api/conversations/" + conversation + "/messages", text("hi", "fb-1"));

        assertThat(sent.status()).isEqualTo(201);
        assertThat(sent.json().path("senderType").asString()).isEqualTo("customer");
        assertThat(conversationService.lastAuthorization(conversation)).isEqualTo("Bearer " + token);
        TestHttp.Response outsider = as(customerToken("cust-other")).post("/api/conversations/" + conversation + "/messages",
                text("hi", "fb-2"));
        assertThat(outsider.status()).isEqualTo(403);
        assertThat(storedMessages(conversation)).isEqualTo(1);
    }

    @Test
    void unknownEverywhereIs404AndAnUnreachableConversationServiceIs503WithRetryAfter() {
        String unknown = newId();
        String slow = newId();
        String broken = newId();
        conversationService.answerSlowly(slow, Duration.ofSeconds(3));
        conversationService.answer(broken, 500, "{}");
        TestHttp customer = as(customerToken("cust-fb2"));

        TestHttp.Response notFound = customer.post("/api/conversations/" + unknown + "/messages", text("hi", "u-1"));
        TestHttp.Response timedOut = customer.post("/api/conversations/" + slow + "/messages", text("hi", "s-1"));
        TestHttp.Response failed = customer.get("/api/conversations/" + broken + "/messages");

        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.code()).isEqualTo("conversation_not_found");
        for (TestHttp.Response unavailable : new TestHttp.Response[] {timedOut, failed}) {
            assertThat(unavailable.status()).isEqualTo(503);
            assertThat(unavailable.code()).isEqualTo("access_check_unavailable");
            assertThat(unavailable.header("Retry-After")).isPresent();
        }
        assertThat(storedMessages(unknown) + storedMessages(slow)).isZero();
    }
}
