package com.parley.events;

import java.time.Instant;
import java.util.List;

/**
 * A stored message changed after it was sent: its author edited it or soft-deleted it. The message keeps its
 * {@code seq}; consumers replace what they show for that seq.
 *
 * @param change    {@code edited|deleted}
 * @param content   the new (moderated) content; null when deleted
 * @param editedAt  when it was last edited, or null
 * @param deletedAt when it was deleted, or null
 */
public record MessageUpdated(
        String messageId,
        long seq,
        String conversationKind,
        String change,
        UserRef sender,
        String senderType,
        String content,
        Instant editedAt,
        Instant deletedAt,
        List<String> participantIds) implements EventPayload {
}
