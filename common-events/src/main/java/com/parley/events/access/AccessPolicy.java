package com.parley.events.access;

import java.util.List;
import java.util.Objects;

import com.parley.events.Role;

/**
 * Who may read, post, see notes and receive frames in a conversation: the one copy of the rules in
 * docs/AUTHORIZATION.md, as pure functions of the caller and the conversation's facts. Services map a refusal
 * to their own error (conversation-service hides an unreadable conversation as 404, messaging answers 403).
 * <ul>
 *   <li>read a ticket: its customer, any support agent (they look before claiming); read a thread: its buyer and
 *   seller; admin reads everything (moderation review);</li>
 *   <li>post to a ticket: admin always, its customer unless it is closed (posting to a resolved ticket reopens
 *   it), staff only as the assignee and unless closed; post to a thread: its buyer and seller unless closed;</li>
 *   <li>frames: every participant gets their conversation's events; support agents also get the queue
 *   broadcasts (a new ticket, a claim, a ticket back in the queue).</li>
 * </ul>
 */
public final class AccessPolicy {

    /** The role a caller acts in when no side of the conversation is theirs, most privileged first. */
    private static final List<Role> PRIMARY_ORDER = List.of(Role.ADMIN, Role.STAFF, Role.SELLER, Role.BUYER,
            Role.CUSTOMER);

    private AccessPolicy() {
    }

    public static Decision canRead(Caller caller, ConversationFacts c) {
        if (caller.isAdmin()) {
            return Decision.ALLOWED;
        }
        if (c.isThread()) {
            return c.isBuyerOrSeller(caller.id()) ? Decision.ALLOWED : Decision.NOT_PARTICIPANT;
        }
        return c.isCustomer(caller.id()) || caller.isSupportAgent() ? Decision.ALLOWED : Decision.NOT_PARTICIPANT;
    }

    public static Decision canPost(Caller caller, ConversationFacts c) {
        if (c.isThread()) {
            if (!c.isBuyerOrSeller(caller.id())) {
                return Decision.NOT_PARTICIPANT;
            }
            return c.isClosed() ? Decision.CLOSED : Decision.ALLOWED;
        }
        if (caller.isAdmin()) {
            return Decision.ALLOWED;
        }
        if (c.isCustomer(caller.id())) {
            return c.isClosed() ? Decision.CLOSED : Decision.ALLOWED;
        }
        if (caller.has(Role.STAFF)) {
            if (!c.isAssignee(caller.id())) {
                return Decision.NOT_ASSIGNEE;
            }
            return c.isClosed() ? Decision.CLOSED : Decision.ALLOWED;
        }
        return Decision.NOT_PARTICIPANT;
    }

    /**
     * Internal staff notes (a later issue): support agents on support tickets only. Never the ticket's customer,
     * even one who also holds a staff role, and never a thread's buyer or seller.
     */
    public static Decision canSeeNote(Caller caller, ConversationFacts c) {
        return c.kind() == ConversationKind.SUPPORT && caller.isSupportAgent() && !c.isCustomer(caller.id())
                ? Decision.ALLOWED : Decision.NOT_PARTICIPANT;
    }

    /**
     * Whether a socket may replay a conversation's buffered messages on resume. Realtime knows only the
     * participants, so: a participant, or an admin (who reads everything).
     */
    public static Decision canResume(Caller caller, List<String> participantIds) {
        return caller.isAdmin() || participantIds != null && participantIds.contains(caller.id())
                ? Decision.ALLOWED : Decision.NOT_PARTICIPANT;
    }

    /** Whether a socket of {@code caller} gets the frame: a participant, the previous assignee, or a broadcast. */
    public static boolean receivesFrame(Caller caller, EventFrame frame) {
        return frame.participantIds().contains(caller.id())
                || caller.id() != null && caller.id().equals(frame.previousAssigneeId())
                || caller.isSupportAgent() && isStaffBroadcast(frame);
    }

    /**
     * Whether every support agent's socket gets the frame (queue changes every dashboard shows): a new ticket, a
     * claim, a ticket back in the queue.
     */
    public static boolean isStaffBroadcast(EventFrame frame) {
        return switch (frame.type()) {
            case CONVERSATION_CREATED -> frame.kind() == ConversationKind.SUPPORT;
            case CONVERSATION_CLAIMED -> true;
            case CONVERSATION_UPDATED -> frame.kind() == ConversationKind.SUPPORT
                    && frame.status() == ConversationStatus.PENDING;
            case MESSAGE_NEW, MESSAGE_READ, MESSAGE_UPDATED -> false;
        };
    }

    /**
     * The side the caller writes or reads on: a thread's seller or buyer, a ticket's customer, staff when they hold
     * the ticket, else admin for an admin, else the caller's most privileged role. A member with both STAFF and
     * ADMIN is staff on the ticket they hold and admin elsewhere, as actors are typed everywhere else.
     */
    public static SenderType senderType(Caller caller, ConversationFacts c) {
        if (c.isThread()) {
            // anyone but the seller counts as the buyer's side: only an admin reading a thread is neither
            return Objects.equals(c.sellerId(), caller.id()) ? SenderType.SELLER : SenderType.BUYER;
        }
        if (c.isCustomer(caller.id())) {
            return SenderType.CUSTOMER;
        }
        if (c.isAssignee(caller.id()) && caller.has(Role.STAFF)) {
            return SenderType.STAFF;
        }
        for (Role role : PRIMARY_ORDER) {
            if (caller.has(role)) {
                return SenderType.of(role);
            }
        }
        return SenderType.CUSTOMER;
    }
}
