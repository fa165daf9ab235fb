package com.parley.conversation.ticket;

import java.time.Instant;
import java.util.List;

import org.springframework.http.HttpStatus;

import com.parley.conversation.ticket.Decision.Refusal;
import com.parley.conversation.ticket.Decision.Transition;
import com.parley.conversation.ticket.Decision.Unchanged;
import com.parley.support.security.CurrentUser;

/**
 * A buyer–seller thread: always {@code open}, no claim, no help-desk lifecycle. Its one transition is the
 * escalation to platform support, marked once ({@code escalatedTicketId} is set only while it is null).
 */
public final class BuyerSellerThread {

    private final Conversation state;

    private BuyerSellerThread(Conversation state) {
        this.state = state;
    }

    public static BuyerSellerThread of(Conversation state) {
        return new BuyerSellerThread(state);
    }

    public Conversation state() {
        return state;
    }

    /** Whether {@code user} may escalate it at all: null when they may, else the refusal. */
    public Refusal escalationRefusal(CurrentUser user) {
        if (!state.isThread()) {
            return Refusal.of(HttpStatus.BAD_REQUEST, "not_a_thread", "Only buyer–seller threads are escalated");
        }
        if (!user.id().equals(state.sellerId())) {
            return Refusal.of(HttpStatus.FORBIDDEN, "not_thread_seller", "Only the thread's seller escalates it");
        }
        return null;
    }

    /** Marks the thread as handed to {@code ticket}; {@link Unchanged} when it already was. */
    public Decision escalate(CurrentUser seller, Conversation ticket, Instant now) {
        Refusal refused = escalationRefusal(seller);
        if (refused != null) {
            return refused;
        }
        if (state.escalatedTicketId() != null) {
            return new Unchanged(state);
        }
        Change write = Change.none().set("escalatedTicketId", ticket.id()).set("updatedAt", now)
                .logged(new Conversation.Activity(now, seller.id(), seller.name(), "seller", "escalated",
                        state.status(), state.status(), "ticket " + ticket.ticketNumber()))
                .newVersion();
        return new Transition("escalated", state.status(), state.status(),
                Precondition.of(state.id()).and("escalatedTicketId", null), write,
                List.of(TicketEvents.updated(state, "escalated", state.status(), null, seller.asActor(), now)));
    }
}
