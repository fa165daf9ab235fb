package com.parley.notification.channel;

/**
 * What a user is told, independent of the channel.
 *
 * @param tag  identifies the thing notified about (one per recipient and conversation), so a push service or
 *             browser can replace an older notification with a newer one
 * @param url  where clicking leads
 */
public record Notification(String recipientId, String conversationId, String title, String body, String url,
                           String tag, int itemCount) {
}
