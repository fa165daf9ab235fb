package com.parley.messaging.send;

import java.time.Instant;
import java.util.List;

import com.parley.events.UserRef;
import com.parley.messaging.attachment.AttachmentRef;

/**
 * The public JSON of a message (docs/CONTRACTS.md). A deleted message keeps its seq and shows
 * {@code deletedAt} with empty content and no attachments.
 */
public record MessageView(
        String id,
        String conversationId,
        long seq,
        UserRef sender,
        String senderType,
        String type,
        String content,
        List<AttachmentRef> attachments,
        String clientMessageId,
        String replyTo,
        Instant createdAt,
        Instant editedAt,
        Instant deletedAt) {

    public static MessageView of(Message m) {
        boolean deleted = m.deleted();
        return new MessageView(m.id(), m.conversationId(), m.seq(), m.sender(), m.senderType(), m.type(),
                deleted ? "" : m.content(),
                deleted || m.attachments() == null ? List.of() : m.attachments(),
                m.clientMessageId(), m.replyTo(), m.createdAt(), m.editedAt(), m.deletedAt());
    }
}
