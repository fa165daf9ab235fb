package com.parley.messaging.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.parley.messaging.support.MessagingIntegrationTest;
import com.parley.messaging.system.MessagingProperties;
import com.parley.testsupport.TestHttp;

class RateLimitIntegrationTests extends MessagingIntegrationTest {

    @Autowired
    MessagingProperties properties;

    @Test
    void aFloodIsCutOffWith429AndRetryAfterAndTheRefusedMessagesAreNotStored() {
        String conversation = thread("buyer-flood", "seller-flood");
        String other = thread("buyer-flood", "seller-other");
        TestHttp buyer = as(buyerToken("buyer-flood"));
        int limit = properties.rateLimit().messages();

        for (int i = 0; i < limit; i++) {
            assertThat(buyer.post("/api/conversations/" + conversation + "/messages", text("spam " + i, "f-" + i)).status())
                    .isEqualTo(201);
        }
        TestHttp.Response refused = buyer.post("/api/conversations/" + conversation + "/messages", text("spam!", "f-x"));

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.code()).isEqualTo("rate_limited");
        assertThat(Integer.parseInt(refused.header("Retry-After").orElseThrow()))
                .isBetween(1, (int) properties.rateLimit().window().toSeconds());
        assertThat(storedMessages(conversation)).isEqualTo(limit);
        // a retry of an already stored message is not a new send, and other conversations and people are unaffected
        assertThat(buyer.post("/api/conversations/" + conversation + "/messages", text("spam 0", "f-0")).status())
                .isEqualTo(200);
        assertThat(buyer.post("/api/conversations/" + other + "/messages", text("hello", "o-1")).status()).isEqualTo(201);
        assertThat(as(sellerToken("seller-flood")).post("/api/conversations/" + conversation + "/messages",
                text("stop please", "s-1")).status()).isEqualTo(201);
        String metrics = TestHttp.at(port).get("/actuator/prometheus").body();
        assertThat(metrics).contains("parley_messages_rate_limited_total", "parley_messages_sent_total",
                "parley_messages_send_latency_seconds", "parley_messages_replayed_total");
    }
}
