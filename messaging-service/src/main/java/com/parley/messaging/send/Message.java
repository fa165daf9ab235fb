package com.parley.messaging.send;

import java.time.Instant;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import com.parley.events.UserRef;
import com.parley.events.text.SystemText;
import com.parley.messaging.attachment.AttachmentRef;
import com.parley.messaging.moderation.Moderation;
import com.parley.support.outbox.OutboxEntry;

/**
 * A stored message. {@code seq} is unique per conversation (unique index) and gap-free (a seq exists only as
 * part of a stored message, see {@link SequencedMessageAppender}). {@code moderation} holds what moderation did,
 * including the unmasked original: admin-only, never mapped into {@link MessageView} or an event.
 * {@code text} is set for what the server wrote (system messages): a catalogue code and parameters, rendered in
 * each reader's language; {@code content} keeps the English rendering (and is all that older messages have).
 * {@code outbox} carries this message's pending events, written in the same single-document operation.
 */
@Document("messages")
public record Message(
        @Id String id,
        String conversationId,
        String conversationKind,
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
        Instant deletedAt,
        Moderation moderation,
        List<String> participantIds,
        List<OutboxEntry> outbox,
        SystemText text) {

    public static final String TEXT = "text";
    public static final String IMAGE = "image";
    public static final String FILE = "file";
    public static final String SYSTEM = "system";

    public boolean deleted() {
        return deletedAt != null;
    }
}
