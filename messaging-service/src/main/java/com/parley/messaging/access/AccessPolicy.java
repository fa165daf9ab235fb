package com.parley.messaging.access;

import org.springframework.http.HttpStatus;

import com.parley.events.access.ConversationFacts;
import com.parley.events.access.Decision;
import com.parley.support.problem.ApiException;
import com.parley.support.security.CurrentUser;

/**
 * Messaging's side of the one access policy ({@code com.parley.events.access.AccessPolicy}, pinned to
 * docs/AUTHORIZATION.md): the facts of this service's read model in, a refusal out as the problem it answers
 * (403 {@code not_a_participant} / {@code not_assignee}, 409 {@code conversation_closed}).
 */
public final class AccessPolicy {

    private AccessPolicy() {
    }

    static Decision mayPost(ConversationAccess c, CurrentUser user) {
        return com.parley.events.access.AccessPolicy.canPost(user.asCaller(), facts(c));
    }

    static Decision mayRead(ConversationAccess c, CurrentUser user) {
        return com.parley.events.access.AccessPolicy.canRead(user.asCaller(), facts(c));
    }

    /**
     * The side {@code user} writes and reads on, as messages and receipts carry it ({@code customer}, {@code staff},
     * {@code admin}, {@code buyer}, {@code seller}): one rule for both, the shared policy's.
     */
    public static String senderType(ConversationAccess c, CurrentUser user) {
        return com.parley.events.access.AccessPolicy.senderType(user.asCaller(), facts(c)).wire();
    }

    static ApiException refusal(Decision decision) {
        return new ApiException(HttpStatus.valueOf(decision.httpStatus()), decision.code(), decision.detail());
    }

    private static ConversationFacts facts(ConversationAccess c) {
        // a kind this service has not learnt yet is treated as a ticket, as before the shared policy
        return ConversationFacts.of(c.isThread() ? c.kind() : ConversationAccess.SUPPORT, c.status(), c.customerId(),
                c.assigneeId(), c.buyerId(), c.sellerId(), c.participantIdsOrEmpty());
    }
}
