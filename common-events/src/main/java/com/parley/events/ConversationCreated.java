package com.parley.events;

import java.time.Instant;
import java.util.List;

/**
 * A conversation was opened. For {@code kind=support} it is a pending ticket every online staff member
 * should see; for {@code kind=buyer_seller} a new thread between {@code buyer} and {@code seller}.
 *
 * @param firstMessage   the customer's opening message (support), stored by the messaging service as seq 1;
 *                       null for a thread opened without one
 * @param participantIds the users who may read it now (customer; or buyer and seller)
 * @param conversationVersion the conversation's version after this change (it only grows, with every change of
 *                       status, assignee or participants), so a consumer can ignore an event older than what it has
 *                       already applied; null from producers before it was added
 */
public record ConversationCreated(
        String kind,
        String ticketNumber,
        String status,
        String priority,
        String subject,
        UserRef customer,
        UserRef buyer,
        UserRef seller,
        String orderId,
        String productId,
        List<String> tags,
        Instant firstResponseDueAt,
        Instant createdAt,
        String firstMessage,
        List<String> participantIds,
        Long conversationVersion) implements EventPayload {

    /** Without a version (what producers sent before {@code conversationVersion} existed). */
    public ConversationCreated(String kind, String ticketNumber, String status, String priority, String subject,
                               UserRef customer, UserRef buyer, UserRef seller, String orderId, String productId,
                               List<String> tags, Instant firstResponseDueAt, Instant createdAt, String firstMessage,
                               List<String> participantIds) {
        this(kind, ticketNumber, status, priority, subject, customer, buyer, seller, orderId, productId, tags,
                firstResponseDueAt, createdAt, firstMessage, participantIds, null);
    }
}
