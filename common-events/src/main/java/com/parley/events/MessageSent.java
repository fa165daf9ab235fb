package com.parley.events;

import java.time.Instant;
import java.util.List;

/**
 * A message was stored with its per-conversation sequence number. Consumers use {@code seq} to order and
 * de-duplicate; {@code participantIds} tells who should receive it without calling back.
 *
 * @param senderType {@code customer|staff|admin|buyer|seller|system}
 * @param type       {@code text|image|file|system}
 */
public record MessageSent(
        String messageId,
        long seq,
        String conversationKind,
        UserRef sender,
        String senderType,
        String type,
        String content,
        List<Attachment> attachments,
        String clientMessageId,
        String replyTo,
        Instant createdAt,
        List<String> participantIds) implements EventPayload {

    /** An attachment as clients show it. */
    public record Attachment(String id, String url, String name, String contentType, long size) {
    }
}
