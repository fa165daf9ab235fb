package com.parley.messaging.access;

import java.time.Instant;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * What messaging needs to know about a conversation to decide who may read and post: this service's read
 * model of conversation events ({@code conversation_access}), or the same facts fetched from
 * conversation-service when the read model has no entry yet.
 *
 * @param kind      {@code support|buyer_seller}
 * @param status    {@code pending|assigned|resolved|closed} (threads: whatever conversation-service says)
 * @param version   the {@code conversationVersion} of the newest event applied (null: events without one)
 * @param eventTime {@code occurredAt} of the newest event applied
 * @param mayLag    the newest event skipped a version: a change before it has not arrived yet (it may still be on
 *                  its way), so a "yes" from this entry is checked again with conversation-service
 */
@Document("conversation_access")
public record ConversationAccess(
        @Id String conversationId,
        String kind,
        String status,
        String customerId,
        String buyerId,
        String sellerId,
        String assigneeId,
        List<String> participantIds,
        Instant updatedAt,
        Long version,
        Instant eventTime,
        boolean mayLag) {

    public static final String SUPPORT = "support";
    public static final String BUYER_SELLER = "buyer_seller";

    public boolean isSupport() {
        return SUPPORT.equals(kind);
    }

    public boolean isThread() {
        return BUYER_SELLER.equals(kind);
    }

    public List<String> participantIdsOrEmpty() {
        return participantIds == null ? List.of() : participantIds;
    }
}
