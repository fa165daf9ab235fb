package com.parley.notification.log;

import java.time.Instant;
import java.util.List;

import org.bson.types.ObjectId;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * What happened to one notification on one channel: who, what, outcome, how many tries, when. The id is an
 * ObjectId, so it orders entries by time and serves as the page cursor.
 *
 * @param outcome  {@code sent|suppressed|failed|retry_scheduled}
 * @param reason   why it was suppressed or failed ({@code online, preference, read, permanent_failure,
 *                 retries_exhausted} …), null when sent
 * @param attempts calls made to the channel for this notification, over all rounds
 */
@Document(NotificationLogEntry.COLLECTION)
public record NotificationLogEntry(
        @Id ObjectId id,
        String userId,
        String conversationId,
        String subject,
        String channel,
        String outcome,
        String reason,
        String title,
        int itemCount,
        List<String> eventIds,
        int attempts,
        String error,
        Instant windowStart,
        Instant at) {

    public static final String COLLECTION = "notification_log";
}
