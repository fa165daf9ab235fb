package com.parley.conversation.claim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.parley.conversation.Api;
import com.parley.conversation.ConversationIntegrationTest;
import com.parley.events.ConversationClaimed;
import com.parley.events.Topics;
import com.parley.testsupport.EventProbe;
import com.parley.testsupport.ParleyIntegrationTest;
import com.parley.testsupport.TestHttp;
import com.parley.testsupport.Outboxes;

@ParleyIntegrationTest
class ClaimIntegrationTests extends ConversationIntegrationTest {

    @RegisterExtension
    static final EventProbe probe = EventProbe.onSharedBroker(Topics.CONVERSATIONS);

    @Test
    void firstStaffToOpenATicketHoldsItAndTheClaimedEventNamesThem() {
        String customer = Api.unique("c");
        String id = api.open(customer, "medium");

        TestHttp.Response claimed = api.staff("s-anna").put("/api/conversations/" + id + "/seen", null);

        assertThat(claimed.status()).as(claimed.toString()).isEqualTo(200);
        var json = claimed.json();
        assertThat(json.path("status").asString()).isEqualTo("assigned");
        assertThat(json.path("assignedTo").path("id").asString()).isEqualTo("s-anna");
        assertThat(json.path("assignedTo").path("name").asString()).isEqualTo("Staff s-anna");
        assertThat(json.path("assignedAt").asString()).isNotBlank();
        assertThat(json.path("firstSeenBy").path("id").asString()).isEqualTo("s-anna");
        assertThat(json.path("firstSeenAt").asString()).isNotBlank();
        assertThat(json.path("seenBy").get(0).path("id").asString()).isEqualTo("s-anna");
        assertThat(json.path("participantIds").toString()).isEqualTo("[\"" + customer + "\",\"s-anna\"]");
        assertThat(json.has("queue")).isFalse();

        var events = probe.await(e -> e.conversationId().equals(id) && e.type().equals("conversation.claimed"), 1,
                Duration.ofSeconds(30));
        assertThat(events).singleElement().satisfies(e -> assertThat(e.payload())
                .isInstanceOfSatisfying(ConversationClaimed.class, c -> {
                    assertThat(c.claimedBy().id()).isEqualTo("s-anna");
                    assertThat(c.claimedBy().name()).isEqualTo("Staff s-anna");
                    assertThat(c.customerId()).isEqualTo(customer);
                    assertThat(c.participantIds()).containsExactly(customer, "s-anna");
                }));
    }

    @Test
    void aLateClaimantIsToldWhoTookItAndTheHolderMayOpenItAgainWithoutASecondEvent() {
        String id = api.open(Api.unique("c"), "high");
        assertThat(api.staff("s-first").put("/api/conversations/" + id + "/seen", null).status()).isEqualTo(200);

        TestHttp.Response late = api.staff("s-late").put("/api/conversations/" + id + "/seen", null);
        TestHttp.Response again = api.staff("s-first").put("/api/conversations/" + id + "/seen", null);

        assertThat(late.status()).isEqualTo(409);
        assertThat(late.contentType()).startsWith("application/problem+json");
        assertThat(late.code()).isEqualTo("already_claimed");
        assertThat(late.json().path("claimedBy").path("id").asString()).isEqualTo("s-first");
        assertThat(late.json().path("claimedBy").path("name").asString()).isEqualTo("Staff s-first");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("assignedTo").path("id").asString()).isEqualTo("s-first");
        assertThat(again.json().path("seenBy").size()).isEqualTo(1);

        var claimed = probe.await(e -> e.conversationId().equals(id) && e.type().equals("conversation.claimed"), 1,
                Duration.ofSeconds(30));
        assertThat(claimed).hasSize(1);
        assertThat(probe.awaitQuiet(Outboxes.drained(mongo, "conversations")).stream()
                .filter(e -> e.conversationId().equals(id) && e.type().equals("conversation.claimed"))).hasSize(1);
    }

    @Test
    void unknownIdsAndCustomersAreRefusedWithStableCodes() {
        String customer = Api.unique("c");
        String id = api.open(customer, "low");

        TestHttp.Response unknown = api.staff("s-1").put("/api/conversations/5f0000000000000000000000/seen", null);
        TestHttp.Response malformed = api.staff("s-1").put("/api/conversations/xyz/seen", null);
        TestHttp.Response byCustomer = api.customer(customer).put("/api/conversations/" + id + "/seen", null);
        TestHttp.Response anonymous = api.anonymous().put("/api/conversations/" + id + "/seen", null);

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo("conversation_not_found");
        assertThat(malformed.status()).isEqualTo(404);
        assertThat(malformed.code()).isEqualTo("conversation_not_found");
        assertThat(byCustomer.status()).isEqualTo(403);
        assertThat(byCustomer.code()).isEqualTo("role_not_allowed");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(api.staff("s-1").get("/api/conversations/" + id).json().path("status").asString())
                .isEqualTo("pending");
    }
}
