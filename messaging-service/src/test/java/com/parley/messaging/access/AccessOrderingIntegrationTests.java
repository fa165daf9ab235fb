package com.parley.messaging.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.parley.events.Actor;
import com.parley.events.ConversationClaimed;
import com.parley.events.ConversationCreated;
import com.parley.events.ConversationUpdated;
import com.parley.events.EventEnvelope;
import com.parley.events.EventPayload;
import com.parley.events.UserRef;
import com.parley.messaging.support.ConversationServiceStub;
import com.parley.messaging.support.MessagingIntegrationTest;
import com.parley.support.fence.ConversationVersionFence;
import com.parley.testsupport.TestHttp;

/**
 * Conversation events reach messaging more than once and, across relay instances or replays, out of order: the
 * access table only ever moves forward, and a staff member who lost a ticket cannot post because an old event
 * came late.
 */
class AccessOrderingIntegrationTests extends MessagingIntegrationTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @Autowired
    ConversationAccessProjector projector;

    @Autowired
    ConversationVersionFence fence;

    final ConversationServiceStub conversationService = ConversationServiceStub.get();

    /** created (v0) → claimed by A (v1) → transferred to B (v2) → resolved (v3) → closed (v4). */
    private static List<EventEnvelope<EventPayload>> history(String id, String customer, String a, String b) {
        UserRef staffA = UserRef.of(a, "Staff A");
        UserRef staffB = UserRef.of(b, "Staff B");
        return List.of(
                event(id, 0, new ConversationCreated("support", "T-1", "pending", "medium", null,
                        UserRef.of(customer, "Customer"), null, null, null, null, List.of(), null, T0, "hi",
                        List.of(customer), 0L)),
                event(id, 1, new ConversationClaimed("T-1", staffA, T0.plusSeconds(1), customer, List.of(customer, a), 1L)),
                event(id, 2, new ConversationUpdated("support", "T-1", "transferred", "assigned", "assigned", staffB,
                        staffA, "medium", List.of(), List.of(customer, b), 2L)),
                event(id, 3, new ConversationUpdated("support", "T-1", "resolved", "resolved", "assigned", staffB,
                        staffB, "medium", List.of(), List.of(customer, b), 3L)),
                event(id, 4, new ConversationUpdated("support", "T-1", "closed", "closed", "resolved", staffB,
                        staffB, "medium", List.of(), List.of(customer, b), 4L)));
    }

    private static EventEnvelope<EventPayload> event(String id, int second, EventPayload payload) {
        return EventEnvelope.of(id, Actor.SYSTEM, payload, T0.plusSeconds(second));
    }

    @Test
    void oldAndDuplicateEventsInShuffledOrderNeverMoveTheAccessModelBackwards() {
        Random random = new Random(18);
        for (int round = 0; round < 25; round++) {
            String id = newId();
            List<EventEnvelope<EventPayload>> history = history(id, "cust-ord", "staff-a", "staff-b");
            List<EventEnvelope<EventPayload>> deliveries = new ArrayList<>(history);
            deliveries.addAll(history.subList(0, 1 + random.nextInt(history.size())));
            Collections.shuffle(deliveries, random);

            long highestSoFar = -1;
            for (EventEnvelope<EventPayload> delivery : deliveries) {
                projector.apply(delivery);
                ConversationAccess now = mongo.findById(id, ConversationAccess.class);
                assertThat(now.version()).as("round %d: version never decreases", round).isGreaterThanOrEqualTo(highestSoFar);
                highestSoFar = now.version();
            }

            ConversationAccess last = mongo.findById(id, ConversationAccess.class);
            assertThat(last.version()).isEqualTo(4L);
            assertThat(last.status()).as("round %d", round).isEqualTo("closed");
            assertThat(last.assigneeId()).isEqualTo("staff-b");
            assertThat(last.participantIds()).containsExactly("cust-ord", "staff-b");
            assertThat(last.customerId()).isEqualTo("cust-ord");
        }
    }

    @Test
    void aPreviousAssigneeCannotPostAfterATransferWhenTheOldClaimIsReplayedLate() {
        String id = newId();
        List<EventEnvelope<EventPayload>> history = history(id, "cust-late", "staff-late-a", "staff-late-b");
        history.subList(0, 3).forEach(projector::apply);
        conversationService.support(id, "assigned", "cust-late", "staff-late-b");

        projector.apply(history.get(1));

        TestHttp.Response previous = as(staffToken("staff-late-a")).post("/api/conversations/" + id + "/messages",
                text("still mine?", "late-1"));
        assertThat(previous.status()).isEqualTo(403);
        assertThat(previous.code()).isEqualTo("not_assignee");
        assertThat(as(staffToken("staff-late-b")).post("/api/conversations/" + id + "/messages",
                text("mine now", "late-2")).status()).isEqualTo(201);
    }

    @Test
    void aYesFromAnEntryThatSkippedAChangeIsCheckedAgainWithConversationService() {
        String id = newId();
        String customer = "cust-gap";
        List<EventEnvelope<EventPayload>> history = history(id, customer, "staff-gap-a", "staff-gap-b");
        projector.apply(history.get(0));
        projector.apply(history.get(1));
        // v2 (transfer to B) is still on its way; v3 says "resolved" and carries assignee B, v2.5 does not exist:
        // make the skipped change one that the newest event does not reveal, a priority change by A's hand
        projector.apply(event(id, 3, new ConversationUpdated("support", "T-1", "priority_changed", "assigned",
                "assigned", UserRef.of("staff-gap-a", "Staff A"), UserRef.of("staff-gap-a", "Staff A"), "high",
                List.of(), List.of(customer, "staff-gap-a"), 3L)));
        conversationService.support(id, "closed", customer, "staff-gap-b");

        ConversationAccess entry = mongo.findById(id, ConversationAccess.class);
        assertThat(entry.mayLag()).isTrue();
        TestHttp.Response sent = as(staffToken("staff-gap-a")).post("/api/conversations/" + id + "/messages",
                text("after the gap", "gap-1"));

        assertThat(sent.status()).isEqualTo(403);
        assertThat(storedMessages(id)).isZero();
    }

    @Test
    void aPostRightAfterACloseWasAnsweredIsRefusedBeforeTheCloseEventArrives() {
        String id = newId();
        String customer = "cust-fence";
        List<EventEnvelope<EventPayload>> history = history(id, customer, "staff-fence-a", "staff-fence-b");
        history.subList(0, 4).forEach(projector::apply); // resolved, v3: the customer may still post (it reopens)
        // conversation-service answered the close (v4) and raised the fence; its event is still on its way
        conversationService.support(id, "closed", customer, "staff-fence-b");
        fence.raise(id, 4);

        TestHttp.Response sent = as(customerToken(customer)).post("/api/conversations/" + id + "/messages",
                text("hello?", "fence-1"));

        assertThat(sent.status()).isEqualTo(409);
        assertThat(sent.code()).isEqualTo("conversation_closed");
        assertThat(storedMessages(id)).isZero();
    }

    @Test
    void anEntryThatHasAppliedTheFencedVersionIsTrustedWithoutAskingConversationService() {
        String id = newId();
        String customer = "cust-fence-ok";
        List<EventEnvelope<EventPayload>> history = history(id, customer, "staff-ok-a", "staff-ok-b");
        history.subList(0, 3).forEach(projector::apply);
        fence.raise(id, 2);
        fence.raise(id, 1); // a late raise from another instance does not move it back
        conversationService.answer(id, 503, "{}"); // asking would fail the send

        assertThat(as(customerToken(customer)).post("/api/conversations/" + id + "/messages",
                text("fine", "fence-ok-1")).status()).isEqualTo(201);
        assertThat(fence.isCaughtUp(id, 1L)).isFalse();
    }
}
