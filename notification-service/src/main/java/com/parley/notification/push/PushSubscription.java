package com.parley.notification.push;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A browser's push subscription. The id is derived from the endpoint, which identifies one browser profile:
 * subscribing again from the same browser replaces the entry, even for another user (shared device).
 */
@Document(PushSubscription.COLLECTION)
public record PushSubscription(
        @Id String id,
        String userId,
        String endpoint,
        String p256dh,
        String auth,
        Instant expiresAt,
        String userAgent,
        Instant createdAt) {

    public static final String COLLECTION = "push_subscriptions";
}
