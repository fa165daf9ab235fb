package com.parley.events;

import java.time.Instant;
import java.util.List;

/**
 * A staff member won the claim of a pending ticket: every other staff dashboard removes it, the
 * claimer opens it, the customer learns who took it.
 *
 * @param conversationVersion the conversation's version after this change (it only grows, with every change of
 *                       status, assignee or participants), so a consumer can ignore an event older than what it has
 *                       already applied; null from producers before it was added
 */
public record ConversationClaimed(
        String ticketNumber,
        UserRef claimedBy,
        Instant claimedAt,
        String customerId,
        List<String> participantIds,
        Long conversationVersion) implements EventPayload {

    /** Without a version (what producers sent before {@code conversationVersion} existed). */
    public ConversationClaimed(String ticketNumber, UserRef claimedBy, Instant claimedAt, String customerId,
                               List<String> participantIds) {
        this(ticketNumber, claimedBy, claimedAt, customerId, participantIds, null);
    }
}
