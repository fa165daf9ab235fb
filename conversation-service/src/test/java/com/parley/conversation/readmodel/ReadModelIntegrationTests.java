package com.parley.conversation.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.parley.conversation.Api;
import com.parley.conversation.ConversationIntegrationTest;
import com.parley.conversation.ticket.Conversation;
import com.parley.events.Actor;
import com.parley.events.ConversationUpdated;
import com.parley.events.EventEnvelope;
import com.parley.events.MessageRead;
import com.parley.events.MessageSent;
import com.parley.events.MessageUpdated;
import com.parley.events.Topics;
import com.parley.events.UserRef;
import com.parley.testsupport.EventProbe;
import com.parley.testsupport.ParleyIntegrationTest;
import com.parley.testsupport.Outboxes;

/** The read model follows messaging-service's real events on the broker, once per message. */
@ParleyIntegrationTest
class ReadModelIntegrationTests extends ConversationIntegrationTest {

    @Test
    void lastMessageAndUnreadCountsFollowMessagesAndReceiptsAndARedeliveryCountsOnce() {
        String customer = Api.unique("c");
        String id = api.openAndClaim(customer, "s-rm");

        EventEnvelope<MessageSent> second = sent(id, customer, "customer", 2, "Any news?");
        publish(sent(id, customer, "customer", 1, "Where is my parcel?")); // the first message, already counted
        publish(second);
        publish(second); // a redelivery: same eventId, same seq
        publish(sent(id, customer, "customer", 3, "Hello??"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(ticket(id).lastMessageSeq()).isEqualTo(3));

        Conversation afterCustomer = ticket(id);
        assertThat(afterCustomer.unread()).containsEntry("staff", 3).containsEntry("customer", 0);
        assertThat(afterCustomer.lastMessage().preview()).isEqualTo("Hello??");
        assertThat(afterCustomer.lastMessage().senderType()).isEqualTo("customer");
        assertThat(afterCustomer.firstResponseAt()).isNull();

        long firstResponses = meters.timer("parley.tickets.first_response").count();
        publish(sent(id, "s-rm", "staff", 4, "On its way!"));
        publish(read(id, "s-rm", "staff", 3));
        await().atMost(WAIT).untilAsserted(() -> assertThat(ticket(id).readSeq()).containsEntry("staff", 3L));
        Conversation afterStaff = ticket(id);
        assertThat(afterStaff.firstResponseAt()).isNotNull();
        assertThat(afterStaff.unread()).containsEntry("customer", 1);
        assertThat(afterStaff.unread()).as("read up to 3 of 4: not everything").containsEntry("staff", 3);
        assertThat(meters.timer("parley.tickets.first_response").count()).isEqualTo(firstResponses + 1);

        publish(read(id, customer, "customer", 4));
        await().atMost(WAIT).untilAsserted(() -> assertThat(ticket(id).unread()).containsEntry("customer", 0));
        assertThat(api.customer(customer).get("/api/conversations/" + id).json().path("lastMessage").path("seq")
                .asLong()).isEqualTo(4);
    }

    @Test
    void aCustomerWritingToAResolvedTicketReopensItOnceForItsAssignee() {
        String customer = Api.unique("c");
        String id = api.openAndClaim(customer, "s-re");
        assertThat(api.staff("s-re").post("/api/conversations/" + id + "/resolve", null).status()).isEqualTo(200);

        try (EventProbe probe = EventProbe.onSharedBroker(Topics.CONVERSATIONS)) {
            EventEnvelope<MessageSent> again = sent(id, customer, "customer", 2, "It broke again");
            publish(again);
            await().atMost(WAIT).untilAsserted(() -> assertThat(ticket(id).status()).isEqualTo("assigned"));
            Conversation reopened = ticket(id);
            assertThat(reopened.assigneeId()).isEqualTo("s-re");
            assertThat(reopened.resolvedAt()).isNull();
            assertThat(reopened.activity().getLast().action()).isEqualTo("reopened");
            assertThat(reopened.activity().getLast().actorId()).isEqualTo(customer);

            // resolved again, then the old message is redelivered: it must not reopen the ticket a second time
            assertThat(api.staff("s-re").post("/api/conversations/" + id + "/resolve", null).status()).isEqualTo(200);
            publish(again);
            publish(read(id, "s-re", "staff", 2));
            await().atMost(WAIT).untilAsserted(() -> assertThat(ticket(id).readSeq()).containsEntry("staff", 2L));
            assertThat(ticket(id).status()).isEqualTo("resolved");

            List<ConversationUpdated> reopenedEvents = probe.awaitQuiet(Outboxes.drained(mongo, "conversations")).stream()
                    .filter(e -> e.conversationId().equals(id) && e.payload() instanceof ConversationUpdated)
                    .map(e -> (ConversationUpdated) e.payload())
                    .filter(u -> u.change().equals("reopened")).toList();
            assertThat(reopenedEvents).singleElement().satisfies(u -> {
                assertThat(u.status()).isEqualTo("assigned");
                assertThat(u.previousStatus()).isEqualTo("resolved");
                assertThat(u.assignee().id()).isEqualTo("s-re");
            });
        }
    }

    @Test
    void editingOrDeletingTheNewestMessageChangesThePreviewAndOlderEditsDoNot() {
        String customer = Api.unique("c");
        String id = api.openAndClaim(customer, "s-ed");
        publish(sent(id, customer, "customer", 2, "My phone is broken"));
        publish(updated(id, customer, 1, "edited", "an edit of the first message"));
        publish(updated(id, customer, 2, "edited", "My phone screen is broken"));
        publish(read(id, "s-ed", "staff", 1));
        await().atMost(WAIT).untilAsserted(() -> assertThat(ticket(id).readSeq()).containsEntry("staff", 1L));
        assertThat(ticket(id).lastMessage().preview()).isEqualTo("My phone screen is broken");

        publish(updated(id, customer, 2, "deleted", null));
        publish(read(id, "s-ed", "staff", 2));
        await().atMost(WAIT).untilAsserted(() -> assertThat(ticket(id).readSeq()).containsEntry("staff", 2L));
        assertThat(ticket(id).lastMessage().preview()).isEqualTo("[deleted]");
        assertThat(ticket(id).lastMessage().seq()).isEqualTo(2);
    }

    private static EventEnvelope<MessageUpdated> updated(String conversationId, String senderId, long seq,
                                                         String change, String content) {
        Instant now = Instant.now();
        return EventEnvelope.of(conversationId, Actor.of(senderId, "customer", senderId),
                new MessageUpdated("m-" + seq, seq, "support", change, UserRef.of(senderId, senderId), "customer",
                        content, "edited".equals(change) ? now : null, "deleted".equals(change) ? now : null,
                        List.of()), now);
    }

    @Autowired
    ReadModelUpdater updater;

    @Test
    void oldAndDuplicateMessageEventsInShuffledOrderNeverMoveTheLastMessageBack() {
        String customer = Api.unique("c");
        String id = api.openAndClaim(customer, "s-shuffle");
        List<EventEnvelope<MessageSent>> history = new java.util.ArrayList<>();
        for (long seq = 1; seq <= 6; seq++) {
            history.add(sent(id, seq % 2 == 0 ? "s-shuffle" : customer, seq % 2 == 0 ? "staff" : "customer", seq,
                    "message " + seq));
        }
        List<EventEnvelope<MessageSent>> deliveries = new java.util.ArrayList<>(history);
        deliveries.addAll(history.subList(2, 5));
        java.util.Collections.shuffle(deliveries, new java.util.Random(18));

        long highestSoFar = ticket(id).lastMessageSeq();
        for (EventEnvelope<MessageSent> delivery : deliveries) {
            @SuppressWarnings("unchecked")
            EventEnvelope<com.parley.events.EventPayload> event =
                    (EventEnvelope<com.parley.events.EventPayload>) (EventEnvelope<?>) delivery;
            updater.messageSent(event, delivery.payload());
            long now = ticket(id).lastMessageSeq();
            assertThat(now).as("lastMessageSeq never decreases").isGreaterThanOrEqualTo(highestSoFar);
            highestSoFar = now;
        }

        Conversation last = ticket(id);
        assertThat(last.lastMessageSeq()).isEqualTo(6);
        assertThat(last.lastMessage().preview()).isEqualTo("message 6");
        assertThat(last.lastMessage().senderType()).isEqualTo("staff");
    }

    private Conversation ticket(String id) {
        return mongo.findById(id, Conversation.class);
    }

    private void publish(EventEnvelope<?> event) {
        publisher.publishAndWait(event, Duration.ofSeconds(10));
    }

    private static EventEnvelope<MessageSent> sent(String conversationId, String senderId, String senderType, long seq,
                                                   String content) {
        Instant now = Instant.now();
        return EventEnvelope.of(conversationId, Actor.of(senderId, senderType, senderId),
                new MessageSent("m-" + seq, seq, "support", UserRef.of(senderId, senderId), senderType, "text", content,
                        List.of(), "client-" + seq, null, now, List.of()), now);
    }

    private static EventEnvelope<MessageRead> read(String conversationId, String readerId, String readerType, long upTo) {
        Instant now = Instant.now();
        return EventEnvelope.of(conversationId, Actor.of(readerId, readerType, readerId),
                new MessageRead(UserRef.of(readerId, readerId), readerType, upTo, now, List.of()), now);
    }
}
