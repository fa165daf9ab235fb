package com.parley.conversation.ticket;

import java.time.Instant;
import java.util.List;

import com.parley.events.Actor;
import com.parley.events.ConversationClaimed;
import com.parley.events.ConversationCreated;
import com.parley.events.ConversationUpdated;
import com.parley.events.EventEnvelope;
import com.parley.events.UserRef;

/** Builds the conversation events from the document, so every producer fills them the same way. */
public final class TicketEvents {

    private TicketEvents() {
    }

    public static EventEnvelope<ConversationCreated> created(Conversation c, String firstMessage, Actor actor) {
        return EventEnvelope.of(c.id(), actor, new ConversationCreated(c.kind(), c.ticketNumber(), c.status(),
                c.priority(), c.subject(), c.customer(), c.buyer(), c.seller(), c.orderId(), c.productId(), c.tags(),
                c.firstResponseDueAt(), c.createdAt(), firstMessage, c.participantIds(), c.version()), c.createdAt());
    }

    public static EventEnvelope<ConversationClaimed> claimed(Conversation before, UserRef staff, Actor actor,
                                                             Instant at) {
        return EventEnvelope.of(before.id(), actor, new ConversationClaimed(before.ticketNumber(), staff, at,
                before.customerId(), Conversation.participants(before.customerId(), staff.id()), next(before)), at);
    }

    /**
     * @param change   the stable token of {@link ConversationUpdated#change()}
     * @param status   the status after the change
     * @param assignee the assignee after the change, or null
     */
    public static EventEnvelope<ConversationUpdated> updated(Conversation before, String change, String status,
                                                             UserRef assignee, Actor actor, Instant at) {
        // a thread's readers never change (buyer and seller); a ticket's follow its assignee
        List<String> participants = before.isSupport() ? Conversation.participants(before.customerId(),
                assignee == null ? null : assignee.id()) : before.participantIds();
        return EventEnvelope.of(before.id(), actor, new ConversationUpdated(before.kind(), before.ticketNumber(),
                change, status, before.status(), assignee, before.assignedTo(), before.priority(), before.tags(),
                participants, next(before)), at);
    }

    /**
     * The version the document has after the change: every write that emits a conversation event also does
     * {@code $inc version}. Where that write is conditional on the version read (lifecycle) this is exact;
     * elsewhere it is at least greater than that of every earlier event, which is what consumers compare.
     */
    private static long next(Conversation before) {
        return before.version() + 1;
    }
}
