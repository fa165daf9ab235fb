package com.parley.messaging.send;

import java.time.Instant;
import java.util.List;

import com.parley.events.UserRef;
import com.parley.events.text.Language;
import com.parley.events.text.SystemText;
import com.parley.events.text.TextCatalogue;
import com.parley.messaging.attachment.AttachmentRef;
import com.parley.support.text.ReaderLanguage;

/**
 * The public JSON of a message (docs/CONTRACTS.md). A deleted message keeps its seq and shows
 * {@code deletedAt} with empty content and no attachments. {@code content} is in the reader's language
 * ({@link ReaderLanguage}) where the server wrote it: system messages from their {@code text} code and parameters,
 * masking placeholders; {@code text} lets a client render it again in another language.
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
        Instant deletedAt,
        SystemText text) {

    public static MessageView of(Message m) {
        boolean deleted = m.deleted();
        return new MessageView(m.id(), m.conversationId(), m.seq(), m.sender(), m.senderType(), m.type(),
                deleted ? "" : readable(m, ReaderLanguage.current()),
                deleted || m.attachments() == null ? List.of() : m.attachments(),
                m.clientMessageId(), m.replyTo(), m.createdAt(), m.editedAt(), m.deletedAt(),
                deleted ? null : m.text());
    }

    private static String readable(Message m, Language language) {
        if (m.text() != null) {
            return TextCatalogue.render(m.text(), language);
        }
        return TextCatalogue.localizeMasks(m.content(), language);
    }
}
