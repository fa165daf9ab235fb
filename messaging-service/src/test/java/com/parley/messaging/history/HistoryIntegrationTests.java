package com.parley.messaging.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.parley.messaging.support.ConversationServiceStub;
import com.parley.messaging.support.MessagingIntegrationTest;
import com.parley.testsupport.TestHttp;

import tools.jackson.databind.JsonNode;

class HistoryIntegrationTests extends MessagingIntegrationTest {

    static final int MESSAGES = 23;
    String conversation;
    TestHttp buyer;

    @BeforeEach
    void aTicketWithMessagesFromTheCustomerAndAdmins() {
        conversation = supportTicket("cust-h");
        buyer = as(customerToken("cust-h"));
        List<TestHttp> authors = List.of(buyer, as(adminToken("admin-h1")), as(adminToken("admin-h2")),
                as(adminToken("admin-h3")));
        // several authors stay under the per user+conversation rate limit
        for (int i = 1; i <= MESSAGES; i++) {
            TestHttp author = authors.get(i % authors.size());
            assertThat(author.post(path(), text("message " + i, "h-" + i)).status()).isEqualTo(201);
        }
    }

    @Test
    void pagingBackwardsWithBeforeReassemblesExactlyTheStoredSequence() {
        List<Long> seqs = new ArrayList<>();
        JsonNode page = buyer.get(path() + "?limit=5").json();
        while (true) {
            List<Long> pageSeqs = seqs(page);
            assertThat(pageSeqs).isSorted();
            seqs.addAll(0, pageSeqs);
            if (!page.path("hasMore").asBoolean()) {
                break;
            }
            page = buyer.get(path() + "?limit=5&before=" + pageSeqs.getFirst()).json();
        }
        assertThat(seqs).containsExactlyElementsOf(LongStream.rangeClosed(1, MESSAGES).boxed().toList());
        assertThat(storedSeqs(conversation)).containsExactlyElementsOf(seqs);
    }

    @Test
    void pagingForwardsWithAfterReassemblesExactlyTheStoredSequence() {
        List<Long> seqs = new ArrayList<>();
        long after = 0;
        JsonNode page;
        do {
            page = buyer.get(path() + "?limit=7&after=" + after).json();
            List<Long> pageSeqs = seqs(page);
            seqs.addAll(pageSeqs);
            after = pageSeqs.isEmpty() ? after : pageSeqs.getLast();
        } while (page.path("hasMore").asBoolean());
        assertThat(seqs).containsExactlyElementsOf(LongStream.rangeClosed(1, MESSAGES).boxed().toList());
    }

    @Test
    void withoutCursorTheNewestPageComesAscendingAndItemsHaveThePublicShape() {
        JsonNode page = as(staffToken("any-staff")).get(path() + "?limit=3").json();

        assertThat(seqs(page)).containsExactly(21L, 22L, 23L);
        assertThat(page.path("hasMore").asBoolean()).isTrue();
        JsonNode item = page.path("items").get(2);
        assertThat(item.path("content").asString()).isEqualTo("message 23");
        assertThat(item.path("sender").path("id").asString()).isEqualTo("admin-h3");
        assertThat(item.path("senderType").asString()).isEqualTo("admin");
        assertThat(item.path("conversationId").asString()).isEqualTo(conversation);
        assertThat(java.time.Instant.parse(item.path("createdAt").asString())).isBefore(java.time.Instant.now().plusSeconds(1));
        assertThat(item.path("editedAt").isNull()).isTrue();
        assertThat(item.has("moderation")).isFalse();
        assertThat(item.has("outbox")).isFalse();
    }

    @Test
    void badParametersAndOutsidersGetProblems() {
        assertThat(buyer.get(path() + "?before=5&after=2").code()).isEqualTo("invalid_parameter");
        assertThat(buyer.get(path() + "?limit=0").code()).isEqualTo("invalid_parameter");
        assertThat(buyer.get(path() + "?before=abc").code()).isEqualTo("invalid_parameter");
        assertThat(seqs(buyer.get(path() + "?limit=100000").json())).hasSize(MESSAGES);
        ConversationServiceStub.get().support(conversation, "pending", "cust-h", null);
        TestHttp.Response outsider = as(customerToken("cust-other")).get(path());
        assertThat(outsider.status()).isEqualTo(403);
        assertThat(outsider.code()).isEqualTo("not_a_participant");
        assertThat(as(adminToken("admin-h")).get(path()).status()).isEqualTo(200);
        String thread = thread("buyer-h", "seller-h");
        ConversationServiceStub.get().answer(thread, 403, "{}");
        assertThat(as(staffToken("any-staff")).get("/api/conversations/" + thread + "/messages").code())
                .isEqualTo("not_a_participant");
    }

    private String path() {
        return "/api/conversations/" + conversation + "/messages";
    }

    private static List<Long> seqs(JsonNode page) {
        List<Long> seqs = new ArrayList<>();
        page.path("items").forEach(item -> seqs.add(item.path("seq").asLong()));
        return seqs;
    }
}
