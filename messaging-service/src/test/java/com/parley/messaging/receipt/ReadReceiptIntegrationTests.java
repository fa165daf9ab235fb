package com.parley.messaging.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.parley.events.MessageRead;
import com.parley.events.Topics;
import com.parley.messaging.support.MessagingIntegrationTest;
import com.parley.testsupport.EventProbe;
import com.parley.testsupport.TestHttp;
import com.parley.testsupport.Outboxes;

class ReadReceiptIntegrationTests extends MessagingIntegrationTest {

    @Test
    void receiptsMoveForwardOnlyClampToTheLastSeqAndEmitOneEventPerMove() {
        String conversation = thread("buyer-r", "seller-r");
        TestHttp buyer = as(buyerToken("buyer-r"));
        TestHttp seller = as(sellerToken("seller-r"));
        for (int i = 1; i <= 3; i++) {
            buyer.post("/api/conversations/" + conversation + "/messages", text("hi " + i, "r-" + i));
        }
        String read = "/api/conversations/" + conversation + "/read";
        try (EventProbe probe = EventProbe.onSharedBroker(Topics.MESSAGES)) {
            TestHttp.Response first = seller.post(read, Map.of("upToSeq", 2));
            TestHttp.Response beyond = seller.post(read, Map.of("upToSeq", 99));
            TestHttp.Response backwards = seller.post(read, Map.of("upToSeq", 1));

            assertThat(first.status()).isEqualTo(200);
            assertThat(first.json().path("upToSeq").asLong()).isEqualTo(2);
            assertThat(beyond.json().path("upToSeq").asLong()).isEqualTo(3);
            assertThat(beyond.json().path("advanced").asBoolean()).isTrue();
            assertThat(backwards.json().path("upToSeq").asLong()).isEqualTo(3);
            assertThat(backwards.json().path("advanced").asBoolean()).isFalse();

            List<MessageRead> receipts = probe.await(e -> e.conversationId().equals(conversation)
                    && e.payload() instanceof MessageRead, 2, WAIT).stream().map(e -> (MessageRead) e.payload()).toList();
            assertThat(receipts).extracting(MessageRead::upToSeq).containsExactly(2L, 3L);
            assertThat(receipts.getFirst().reader().id()).isEqualTo("seller-r");
            assertThat(receipts.getFirst().readerType()).isEqualTo("seller");
            assertThat(receipts.getFirst().participantIds()).containsExactlyInAnyOrder("buyer-r", "seller-r");
            assertThat(probe.awaitQuiet(Outboxes.drained(mongo, "messages", "read_receipts")).stream()
                    .filter(e -> e.conversationId().equals(conversation) && e.payload() instanceof MessageRead)).hasSize(2);
        }
        assertThat(buyer.get(read).json().path("items").get(0).path("readerId").asString()).isEqualTo("seller-r");
    }

    @Test
    void invalidOrForeignReceiptsAreRefused() {
        String conversation = thread("buyer-r2", "seller-r2");
        String read = "/api/conversations/" + conversation + "/read";
        com.parley.messaging.support.ConversationServiceStub.get().answer(conversation, 403, "{}");
        assertThat(as(buyerToken("buyer-r2")).post(read, Map.of("upToSeq", 0)).code()).isEqualTo("validation_failed");
        assertThat(as(buyerToken("buyer-r2")).post(read, Map.of()).code()).isEqualTo("validation_failed");
        assertThat(as(buyerToken("stranger")).post(read, Map.of("upToSeq", 1)).status()).isEqualTo(403);
    }
}
