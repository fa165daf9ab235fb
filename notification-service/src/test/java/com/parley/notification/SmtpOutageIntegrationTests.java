package com.parley.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.parley.events.EventEnvelope;
import com.parley.events.EventPayload;
import com.parley.events.MessageSent;
import com.parley.testsupport.EventProbe;
import com.parley.testsupport.TestHttp;
import com.parley.testsupport.TestTokens;

import tools.jackson.databind.JsonNode;

/** Done-when: an SMTP outage ends with the mail sent after recovery, or on the dead-letter topic; never lost. */
class SmtpOutageIntegrationTests extends NotificationIntegrationTest {

    static final Duration WAIT = Duration.ofSeconds(45);

    @AfterEach
    void smtpBackUp() {
        TestSmtp.start();
    }

    @Test
    void mailWrittenDuringAnOutageIsSentOnceAfterRecovery() {
        String conversation = unique("conv");
        String buyer = unique("buyer");
        String seller = unique("seller");
        TestSmtp.stop();
        publish(message(conversation, buyer, seller, 1, "are you there?"));
        publish(message(conversation, buyer, seller, 2, "hello?"));

        // the first round fails and a retry is scheduled, visibly, in the log
        await().atMost(WAIT).until(() -> outcomes(seller).contains("retry_scheduled"));
        TestSmtp.start();

        await().atMost(WAIT).until(() -> TestSmtp.to(mailOf(seller)).size() == 1);
        assertThat(TestSmtp.subject(TestSmtp.to(mailOf(seller)).getFirst())).isEqualTo("2 tin nhắn mới từ Name of " + buyer);
        await().atMost(WAIT).until(() -> outcomes(seller).contains("sent"));
        JsonNode sent = entries(seller).stream().filter(e -> e.path("outcome").asString().equals("sent")).findFirst()
                .orElseThrow();
        assertThat(sent.path("channel").asString()).isEqualTo("email");
        assertThat(sent.path("attempts").asInt()).as("tries over all rounds").isGreaterThan(1);
        assertThat(sent.path("itemCount").asInt()).isEqualTo(2);
        assertThat(TestSmtp.to(mailOf(seller))).hasSize(1);
    }

    @Test
    void mailThatKeepsFailingEndsOnTheDeadLetterTopicAfterTheRetryBudget() {
        String conversation = unique("conv");
        String buyer = unique("buyer");
        String seller = unique("seller");
        try (EventProbe deadLetters = EventProbe.onSharedBroker("parley.notifications-dlt")) {
            TestSmtp.stop();
            EventEnvelope<MessageSent> lost = message(conversation, buyer, seller, 1, "please answer");
            publish(lost);

            List<EventEnvelope<EventPayload>> parked = deadLetters.await(e -> e.eventId().equals(lost.eventId()), 1, WAIT);
            assertThat(parked).hasSize(1);
            assertThat(parked.getFirst().payload()).isInstanceOf(MessageSent.class);
            await().atMost(WAIT).until(() -> outcomes(seller).contains("failed"));
            JsonNode failed = entries(seller).stream().filter(e -> e.path("outcome").asString().equals("failed"))
                    .findFirst().orElseThrow();
            assertThat(failed.path("reason").asString()).isEqualTo("retries_exhausted");
            assertThat(counter("failed", "retries_exhausted")).isGreaterThanOrEqualTo(1);
        }
    }

    private List<JsonNode> entries(String userId) {
        TestHttp.Response response = http().as(TestTokens.admin("admin-1")).get("/api/notifications/log?userId=" + userId);
        assertThat(response.status()).isEqualTo(200);
        return response.json().path("items").valueStream().toList();
    }

    private List<String> outcomes(String userId) {
        return entries(userId).stream().map(e -> e.path("outcome").asString()).toList();
    }

}
