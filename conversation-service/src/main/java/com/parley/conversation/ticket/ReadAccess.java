package com.parley.conversation.ticket;

import com.parley.support.security.CurrentUser;

/**
 * Who may read a conversation: admin always; a support ticket its customer and any staff member; a thread its
 * buyer and seller. Everyone else is told it does not exist (404), so ids cannot be probed.
 */
public final class ReadAccess {

    private ReadAccess() {
    }

    public static boolean mayRead(CurrentUser user, Conversation c) {
        if (user.isAdmin()) {
            return true;
        }
        if (c.isSupport()) {
            return user.isSupportAgent() || user.id().equals(c.customerId());
        }
        return user.id().equals(c.buyerId()) || user.id().equals(c.sellerId());
    }

    /** The conversation if {@code user} may read it, else 404 {@code conversation_not_found}. */
    public static Conversation readable(CurrentUser user, TicketStore store, String id) {
        Conversation c = store.require(id);
        if (!mayRead(user, c)) {
            throw TicketStore.notFound(id);
        }
        return c;
    }
}
