package com.parley.notification.pending;

import java.time.Instant;

import org.springframework.data.annotation.PersistenceCreator;

/**
 * One thing folded into a digest.
 *
 * @param kind       {@code message|claimed|new_ticket}
 * @param text       what to show: a message preview, the ticket subject
 * @param seq        the message's per-conversation sequence number (0 for other kinds)
 * @param rawEvent   the causing event as it came off the wire, re-published to the dead-letter topic when the
 *                   notification cannot be delivered
 * @param app        the recipient's app for this conversation ({@code widget|dashboard|seller}): where the link
 *                   in the notification leads; null in items written before it existed (then: widget)
 * @param traceparent the trace of the causing event (null without tracing): the digest's sending joins it
 */
public record PendingItem(
        String eventId,
        String kind,
        String senderId,
        String senderName,
        String text,
        long seq,
        String ticketNumber,
        Instant at,
        String topic,
        String type,
        String rawEvent,
        String app,
        String traceparent) {

    public static final String WIDGET = "widget";
    public static final String DASHBOARD = "dashboard";
    public static final String SELLER = "seller";

    @PersistenceCreator
    public PendingItem {
    }

    public PendingItem(String eventId, String kind, String senderId, String senderName, String text, long seq,
                       String ticketNumber, Instant at, String topic, String type, String rawEvent) {
        this(eventId, kind, senderId, senderName, text, seq, ticketNumber, at, topic, type, rawEvent, null, null);
    }
}
