package com.parley.notification.channel;

import com.parley.events.text.Language;

/**
 * What a user is told, independent of the channel.
 *
 * @param tag  identifies the thing notified about (one per recipient and conversation), so a push service or
 *             browser can replace an older notification with a newer one
 * @param url  where clicking leads: the recipient's app opened at that conversation
 * @param language what {@code title} and {@code body} are written in (the recipient's), for the channel's own words
 */
public record Notification(String recipientId, String conversationId, String title, String body, String url,
                           String tag, int itemCount, Language language) {
}
