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
 * @param kind   {@code support|buyer_seller}
 * @param status {@code pending|assigned|resolved|closed} (threads: whatever conversation-service says)
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
        Instant updatedAt) {

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
