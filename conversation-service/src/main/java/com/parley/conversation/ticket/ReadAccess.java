package com.parley.conversation.ticket;

import com.parley.events.access.AccessPolicy;
import com.parley.events.access.ConversationFacts;
import com.parley.support.security.CurrentUser;

/**
 * Who may read a conversation, as the one access policy says ({@code com.parley.events.access.AccessPolicy}):
 * admin always; a support ticket its customer and any staff member; a thread its buyer and seller. Everyone
 * else is told it does not exist (404), so ids cannot be probed.
 */
public final class ReadAccess {

    private ReadAccess() {
    }

    public static boolean mayRead(CurrentUser user, Conversation c) {
        return AccessPolicy.canRead(user.asCaller(), ConversationFacts.of(c.kind(), c.status(),
                c.customerId(), c.assigneeId(), c.buyerId(), c.sellerId(), c.participantIds())).allowed();
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
