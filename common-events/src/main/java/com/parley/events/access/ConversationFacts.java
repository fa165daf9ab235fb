package com.parley.events.access;

import java.util.List;
import java.util.Objects;

/**
 * What access decisions need to know about a conversation: the facts conversation events and every service's read
 * model already carry. Ids that do not apply (a thread's customer, a pending ticket's assignee) are null.
 */
public record ConversationFacts(
        ConversationKind kind,
        ConversationStatus status,
        String customerId,
        String assigneeId,
        String buyerId,
        String sellerId,
        List<String> participantIds) {

    public ConversationFacts {
        participantIds = participantIds == null ? List.of() : List.copyOf(participantIds);
    }

    /** From wire values, as events and documents hold them. */
    public static ConversationFacts of(String kind, String status, String customerId, String assigneeId,
                                       String buyerId, String sellerId, List<String> participantIds) {
        return new ConversationFacts(ConversationKind.of(kind), ConversationStatus.of(status), customerId, assigneeId,
                buyerId, sellerId, participantIds);
    }

    public static ConversationFacts ticket(ConversationStatus status, String customerId, String assigneeId) {
        return new ConversationFacts(ConversationKind.SUPPORT, status, customerId, assigneeId, null, null,
                assigneeId == null ? List.of(customerId) : List.of(customerId, assigneeId));
    }

    public static ConversationFacts thread(ConversationStatus status, String buyerId, String sellerId) {
        return new ConversationFacts(ConversationKind.BUYER_SELLER, status, null, null, buyerId, sellerId,
                List.of(buyerId, sellerId));
    }

    public boolean isThread() {
        return kind == ConversationKind.BUYER_SELLER;
    }

    public boolean isClosed() {
        return status == ConversationStatus.CLOSED;
    }

    boolean isCustomer(String userId) {
        return Objects.equals(customerId, userId);
    }

    boolean isAssignee(String userId) {
        return Objects.equals(assigneeId, userId);
    }

    boolean isBuyerOrSeller(String userId) {
        return Objects.equals(buyerId, userId) || Objects.equals(sellerId, userId);
    }
}
