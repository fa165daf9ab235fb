package com.parley.events;

import java.time.Instant;
import java.util.List;

/**
 * A staff member won the claim of a pending ticket: every other staff dashboard removes it, the
 * claimer opens it, the customer learns who took it.
 */
public record ConversationClaimed(
        String ticketNumber,
        UserRef claimedBy,
        Instant claimedAt,
        String customerId,
        List<String> participantIds) implements EventPayload {
}
