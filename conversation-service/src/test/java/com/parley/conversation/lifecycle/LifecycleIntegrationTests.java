package com.parley.conversation.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

import com.parley.conversation.Api;
import com.parley.conversation.ConversationIntegrationTest;
import com.parley.conversation.ticket.Conversation;
import com.parley.events.ConversationUpdated;
import com.parley.events.Topics;
import com.parley.testsupport.EventProbe;
import com.parley.testsupport.ParleyIntegrationTest;
import com.parley.testsupport.TestHttp;
import com.parley.testsupport.Outboxes;

@ParleyIntegrationTest
class LifecycleIntegrationTests extends ConversationIntegrationTest {

    @RegisterExtension
    static final EventProbe probe = EventProbe.onSharedBroker(Topics.CONVERSATIONS);

    @Autowired
    AutoRelease autoRelease;

    @Autowired
    StringRedisTemplate redis;

    @Test
    void everyAnsweredChangeHasRaisedTheConversationsVersionFenceForMessaging() {
        String id = api.openAndClaim(Api.unique("c"), "s-fence");
        String fence = "parley:fence:conversation:" + id;
        assertThat(redis.opsForValue().get(fence)).as("claimed").isEqualTo("1");

        assertThat(api.staff("s-fence").post("/api/conversations/" + id + "/close", null).status()).isEqualTo(200);

        long version = mongo.findById(id, Conversation.class).version();
        assertThat(redis.opsForValue().get(fence)).as("closed, answered").isEqualTo(Long.toString(version));
        assertThat(redis.getExpire(fence)).isPositive();
    }

    @Test
    void assigneeResolvesCustomerReopensAssigneeClosesAndEveryStepIsLoggedAndPublished() {
        String customer = Api.unique("c");
        String id = api.openAndClaim(customer, "s-life");
        String path = "/api/conversations/" + id;

        TestHttp.Response resolved = api.staff("s-life").post(path + "/resolve", null);
        assertThat(resolved.status()).as(resolved.toString()).isEqualTo(200);
        assertThat(resolved.json().path("status").asString()).isEqualTo("resolved");
        assertThat(resolved.json().path("resolvedAt").asString()).isNotBlank();

        TestHttp.Response reopened = api.customer(customer).post(path + "/reopen", null);
        assertThat(reopened.status()).as(reopened.toString()).isEqualTo(200);
        assertThat(reopened.json().path("status").asString()).isEqualTo("assigned");
        assertThat(reopened.json().path("assignedTo").path("id").asString()).isEqualTo("s-life");
        assertThat(reopened.json().has("activity")).isFalse();

        TestHttp.Response closed = api.staff("s-life").post(path + "/close", null);
        assertThat(closed.status()).isEqualTo(200);
        assertThat(closed.json().path("status").asString()).isEqualTo("closed");
        assertThat(closed.json().path("closedAt").asString()).isNotBlank();

        Conversation stored = mongo.findById(id, Conversation.class);
        assertThat(stored.activity()).extracting(Conversation.Activity::action)
                .containsExactly("created", "claimed", "resolved", "reopened", "closed");
        assertThat(stored.activity().get(3).actorId()).isEqualTo(customer);

        List<ConversationUpdated> updates = probe.await(e -> e.conversationId().equals(id)
                        && e.type().equals("conversation.updated"), 3, Duration.ofSeconds(30)).stream()
                .map(e -> (ConversationUpdated) e.payload()).toList();
        assertThat(updates).extracting(ConversationUpdated::change).containsExactly("resolved", "reopened", "closed");
        assertThat(updates).extracting(ConversationUpdated::previousStatus)
                .containsExactly("assigned", "resolved", "assigned");
        assertThat(updates.getFirst().participantIds()).containsExactly(customer, "s-life");
        // consumers order a conversation's events by this: created 0, claimed 1, then one more per change
        assertThat(updates).extracting(ConversationUpdated::conversationVersion).containsExactly(2L, 3L, 4L);
        assertThat(stored.version()).isEqualTo(4L);
    }

    @Test
    void releaseReturnsTheTicketToTheQueueForAnyoneToClaim() {
        String customer = Api.unique("c");
        String id = api.openAndClaim(customer, "s-rel");

        TestHttp.Response released = api.staff("s-rel").post("/api/conversations/" + id + "/release", null);

        assertThat(released.status()).isEqualTo(200);
        assertThat(released.json().path("status").asString()).isEqualTo("pending");
        assertThat(released.json().path("assignedTo").isNull()).isTrue();
        assertThat(released.json().path("participantIds").toString()).isEqualTo("[\"" + customer + "\"]");
        TestHttp.Response reclaimed = api.staff("s-other").put("/api/conversations/" + id + "/seen", null);
        assertThat(reclaimed.status()).isEqualTo(200);
        assertThat(reclaimed.json().path("firstSeenBy").path("id").asString()).as("first claimer is kept")
                .isEqualTo("s-rel");
        var released2 = probe.await(e -> e.conversationId().equals(id) && e.payload() instanceof ConversationUpdated u
                && u.change().equals("released"), 1, Duration.ofSeconds(30));
        assertThat(released2).singleElement().satisfies(e -> assertThat(((ConversationUpdated) e.payload())
                .previousAssignee().id()).isEqualTo("s-rel"));
    }

    @Test
    void transferNamesTheNewAssigneeAndOnlyTheAssigneeOrAnAdminMayTransfer() {
        String customer = Api.unique("c");
        String id = api.openAndClaim(customer, "s-from");
        String path = "/api/conversations/" + id + "/transfer";

        TestHttp.Response byOther = api.staff("s-intruder").post(path, Map.of("toStaffId", "s-intruder"));
        TestHttp.Response toSelf = api.staff("s-from").post(path, Map.of("toStaffId", "s-from"));
        TestHttp.Response noTarget = api.staff("s-from").post(path, Map.of());
        TestHttp.Response transferred = api.staff("s-from").post(path,
                Map.of("toStaffId", "s-to", "toStaffName", "Bình", "note", "billing question"));
        TestHttp.Response byAdmin = api.admin("a-1").post(path, Map.of("toStaffId", "s-third", "toStaffName", "Chi"));

        assertThat(byOther.status()).isEqualTo(403);
        assertThat(byOther.code()).isEqualTo("not_assignee");
        assertThat(toSelf.status()).isEqualTo(400);
        assertThat(toSelf.code()).isEqualTo("invalid_transfer_target");
        assertThat(noTarget.status()).isEqualTo(400);
        assertThat(noTarget.code()).isEqualTo("validation_failed");
        assertThat(transferred.status()).isEqualTo(200);
        assertThat(transferred.json().path("assignedTo").path("name").asString()).isEqualTo("Bình");
        assertThat(byAdmin.status()).isEqualTo(200);
        assertThat(byAdmin.json().path("assignedTo").path("id").asString()).isEqualTo("s-third");

        var transfers = probe.await(e -> e.conversationId().equals(id) && e.type().equals("conversation.updated"), 2,
                Duration.ofSeconds(30)).stream().map(e -> (ConversationUpdated) e.payload()).toList();
        assertThat(transfers).extracting(ConversationUpdated::change).containsExactly("transferred", "transferred");
        assertThat(transfers.getFirst().assignee().name()).isEqualTo("Bình");
        assertThat(transfers.getFirst().previousAssignee().id()).isEqualTo("s-from");
        assertThat(transfers.getFirst().participantIds()).containsExactly(customer, "s-to");
        Conversation stored = mongo.findById(id, Conversation.class);
        assertThat(stored.activity().get(2).detail()).isEqualTo("from Staff s-from to Bình: billing question");
    }

    @Test
    void illegalTransitionsAndWrongRolesAreRefusedAndWriteNothing() {
        String customer = Api.unique("c");
        String pending = api.open(customer, "low");
        String held = api.openAndClaim(customer, "s-hold");
        long pendingVersion = mongo.findById(pending, Conversation.class).version();
        long heldVersion = mongo.findById(held, Conversation.class).version();

        TestHttp.Response resolvePending = api.staff("s-hold").post("/api/conversations/" + pending + "/resolve", null);
        TestHttp.Response reopenAssigned = api.staff("s-hold").post("/api/conversations/" + held + "/reopen", null);
        TestHttp.Response customerResolves = api.customer(customer).post("/api/conversations/" + held + "/resolve", null);
        TestHttp.Response otherStaffResolves = api.staff("s-not").post("/api/conversations/" + held + "/resolve", null);
        TestHttp.Response strangerReopens = api.customer(Api.unique("c")).post("/api/conversations/" + held + "/reopen",
                null);
        TestHttp.Response unknown = api.staff("s-hold").post("/api/conversations/nope/resolve", null);

        assertThat(resolvePending.status()).isEqualTo(409);
        assertThat(resolvePending.code()).isEqualTo("illegal_transition");
        assertThat(resolvePending.json().path("status").asString()).isEqualTo("pending");
        assertThat(reopenAssigned.status()).isEqualTo(409);
        assertThat(reopenAssigned.code()).isEqualTo("illegal_transition");
        assertThat(customerResolves.status()).isEqualTo(403);
        assertThat(customerResolves.code()).isEqualTo("role_not_allowed");
        assertThat(otherStaffResolves.status()).isEqualTo(403);
        assertThat(otherStaffResolves.code()).isEqualTo("not_assignee");
        assertThat(otherStaffResolves.json().path("assignedTo").path("id").asString()).isEqualTo("s-hold");
        assertThat(strangerReopens.status()).isEqualTo(404);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo("conversation_not_found");

        assertThat(mongo.findById(pending, Conversation.class).version()).isEqualTo(pendingVersion);
        assertThat(mongo.findById(held, Conversation.class).version()).isEqualTo(heldVersion);
        assertThat(mongo.findById(held, Conversation.class).activity()).hasSize(2);
        assertThat(probe.awaitQuiet(Outboxes.drained(mongo, "conversations")).stream().filter(e -> e.type().equals("conversation.updated")
                && (e.conversationId().equals(pending) || e.conversationId().equals(held)))).isEmpty();
    }

    @Test
    void aClaimedTicketWithoutAFirstReplyReturnsToTheQueueByItselfOnce() {
        String customer = Api.unique("c");
        String silent = api.openAndClaim(customer, "s-silent");
        Instant cutoff = mongo.findById(silent, Conversation.class).assignedAt().plusMillis(1);
        String later = api.openAndClaim(customer, "s-later");
        mongo.updateFirst(org.springframework.data.mongodb.core.query.Query.query(
                        org.springframework.data.mongodb.core.query.Criteria.where("_id").is(later)),
                new org.springframework.data.mongodb.core.query.Update().set("assignedAt", cutoff.plusSeconds(60)),
                Conversation.class);

        int first = autoRelease.releaseClaimedBefore(cutoff);
        int second = autoRelease.releaseClaimedBefore(cutoff);

        assertThat(first).isPositive();
        assertThat(second).isZero();
        Conversation released = mongo.findById(silent, Conversation.class);
        assertThat(released.status()).isEqualTo("pending");
        assertThat(released.assignedTo()).isNull();
        assertThat(released.activity().getLast().action()).isEqualTo("auto_released");
        assertThat(mongo.findById(later, Conversation.class).status()).isEqualTo("assigned");
        var events = probe.await(e -> e.conversationId().equals(silent) && e.payload() instanceof ConversationUpdated u
                && u.change().equals("auto_released"), 1, Duration.ofSeconds(30));
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.actor().role()).isEqualTo("system");
            assertThat(((ConversationUpdated) e.payload()).previousAssignee().id()).isEqualTo("s-silent");
        });
    }
}
