package com.parley.messaging.access;

import java.util.Objects;

import org.springframework.http.HttpStatus;

import com.parley.events.Role;
import com.parley.support.problem.ApiException;
import com.parley.support.security.CurrentUser;

/**
 * The rules of docs/CONTRACTS.md, as pure functions of a conversation's state and the caller.
 * <ul>
 *   <li>post to a ticket: its customer unless it is closed (posting to a resolved ticket reopens it), staff only
 *   as the assignee, admin always;</li>
 *   <li>post to a thread: buyer and seller only;</li>
 *   <li>read a ticket: its customer, any staff (they may look before claiming), admin; read a thread: buyer,
 *   seller and admin (moderation review).</li>
 * </ul>
 */
final class AccessPolicy {

    enum Decision {
        ALLOWED(null, null, null),
        NOT_PARTICIPANT(HttpStatus.FORBIDDEN, "not_a_participant", "You are not a participant of this conversation"),
        NOT_ASSIGNEE(HttpStatus.FORBIDDEN, "not_assignee", "Only the staff member who claimed this ticket may write to it"),
        CLOSED(HttpStatus.CONFLICT, "conversation_closed", "This conversation is closed");

        private final HttpStatus status;
        private final String code;
        private final String detail;

        Decision(HttpStatus status, String code, String detail) {
            this.status = status;
            this.code = code;
            this.detail = detail;
        }

        boolean allowed() {
            return this == ALLOWED;
        }

        ApiException refusal() {
            return new ApiException(status, code, detail);
        }
    }

    private AccessPolicy() {
    }

    static Decision mayPost(ConversationAccess c, CurrentUser user) {
        boolean closed = "closed".equals(c.status());
        if (c.isThread()) {
            if (!isBuyerOrSeller(c, user)) {
                return Decision.NOT_PARTICIPANT;
            }
            return closed ? Decision.CLOSED : Decision.ALLOWED;
        }
        if (user.isAdmin()) {
            return Decision.ALLOWED;
        }
        if (Objects.equals(c.customerId(), user.id())) {
            return closed ? Decision.CLOSED : Decision.ALLOWED;
        }
        if (user.has(Role.STAFF)) {
            if (!Objects.equals(c.assigneeId(), user.id())) {
                return Decision.NOT_ASSIGNEE;
            }
            return closed ? Decision.CLOSED : Decision.ALLOWED;
        }
        return Decision.NOT_PARTICIPANT;
    }

    static Decision mayRead(ConversationAccess c, CurrentUser user) {
        if (user.isAdmin()) {
            return Decision.ALLOWED;
        }
        if (c.isThread()) {
            return isBuyerOrSeller(c, user) ? Decision.ALLOWED : Decision.NOT_PARTICIPANT;
        }
        return Objects.equals(c.customerId(), user.id()) || user.has(Role.STAFF)
                ? Decision.ALLOWED : Decision.NOT_PARTICIPANT;
    }

    private static boolean isBuyerOrSeller(ConversationAccess c, CurrentUser user) {
        return Objects.equals(c.buyerId(), user.id()) || Objects.equals(c.sellerId(), user.id());
    }
}
