package com.parley.conversation.lifecycle;

import java.util.Set;

import com.parley.conversation.ticket.Conversation;

/**
 * The help-desk transitions: from which statuses each is legal (for staff; an admin may do a little more), and
 * the {@code conversation.updated} change token it emits.
 */
enum Action {
    RESOLVE("resolved", Set.of(Conversation.ASSIGNED), Set.of(Conversation.ASSIGNED)),
    CLOSE("closed", Set.of(Conversation.ASSIGNED, Conversation.RESOLVED),
            Set.of(Conversation.PENDING, Conversation.ASSIGNED, Conversation.RESOLVED)),
    REOPEN("reopened", Set.of(Conversation.RESOLVED), Set.of(Conversation.RESOLVED, Conversation.CLOSED)),
    RELEASE("released", Set.of(Conversation.ASSIGNED), Set.of(Conversation.ASSIGNED)),
    TRANSFER("transferred", Set.of(Conversation.ASSIGNED), Set.of(Conversation.ASSIGNED));

    private final String change;
    private final Set<String> from;
    private final Set<String> fromForAdmin;

    Action(String change, Set<String> from, Set<String> fromForAdmin) {
        this.change = change;
        this.from = from;
        this.fromForAdmin = fromForAdmin;
    }

    String change() {
        return change;
    }

    boolean allowedFrom(String status, boolean admin) {
        return (admin ? fromForAdmin : from).contains(status);
    }

    /** The customer may only reopen their own resolved ticket; everything else is the support side's. */
    boolean customerMay() {
        return this == REOPEN;
    }
}
