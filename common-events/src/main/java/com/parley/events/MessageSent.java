package com.parley.events;

import java.time.Instant;
import java.util.List;

import com.parley.events.text.SystemText;

/**
 * A message was stored with its per-conversation sequence number. Consumers use {@code seq} to order and
 * de-duplicate; {@code participantIds} tells who should receive it without calling back.
 *
 * @param senderType {@code customer|staff|admin|buyer|seller|system}
 * @param type       {@code text|image|file|system}
 * @param text       for text the server wrote (system messages): its catalogue code and parameters, so each
 *                   reader renders it in their own language; {@code content} then holds the English rendering
 *                   for older readers. Null for people's messages and for events written before it existed.
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
        List<String> participantIds,
        SystemText text) implements EventPayload {

    /** A message people wrote (no catalogue text). */
    public MessageSent(String messageId, long seq, String conversationKind, UserRef sender, String senderType,
                       String type, String content, List<Attachment> attachments, String clientMessageId,
                       String replyTo, Instant createdAt, List<String> participantIds) {
        this(messageId, seq, conversationKind, sender, senderType, type, content, attachments, clientMessageId,
                replyTo, createdAt, participantIds, null);
    }

    /** An attachment as clients show it. */
    public record Attachment(String id, String url, String name, String contentType, long size) {
    }
}
