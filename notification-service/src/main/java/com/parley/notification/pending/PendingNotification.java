package com.parley.notification.pending;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A notification waiting to go out: the durable coalescing window of one recipient for one conversation
 * (or, for new-ticket alerts, for all new tickets). Everything arriving before {@code dueAt} is folded in;
 * a sweep sends it as one digest. A sweeping instance holds it through {@code leaseToken} until
 * {@code leaseUntil}, so two instances never send the same digest.
 *
 * @param subject           {@code conversation|new_tickets}
 * @param count             items folded in so far (may exceed the stored {@code items}, which are capped)
 * @param messageCount      how many of them were chat messages
 * @param rounds            failed delivery rounds so far
 * @param deliveredChannels channels that already delivered this digest in an earlier round
 * @param tries             calls made per channel over all rounds
 */
@Document(PendingNotification.COLLECTION)
public record PendingNotification(
        @Id String id,
        String recipientId,
        String conversationId,
        String subject,
        int count,
        int messageCount,
        long lastSeq,
        List<PendingItem> items,
        Instant windowStart,
        Instant dueAt,
        int rounds,
        List<String> deliveredChannels,
        Map<String, Integer> tries,
        String lastError,
        String leaseToken,
        Instant leaseUntil) {

    public static final String COLLECTION = "pending_notifications";

    public static String conversationKey(String recipientId, String conversationId) {
        return "conversation:" + recipientId + ":" + conversationId;
    }

    public static String newTicketsKey(String recipientId) {
        return "new_tickets:" + recipientId;
    }

    public List<PendingItem> items() {
        return items == null ? List.of() : items;
    }

    public List<String> deliveredChannels() {
        return deliveredChannels == null ? List.of() : deliveredChannels;
    }

    public Map<String, Integer> tries() {
        return tries == null ? Map.of() : tries;
    }
}
