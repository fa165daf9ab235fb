package com.parley.messaging.attachment;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;


/**
 * An uploaded file's metadata; the bytes are in the {@link AttachmentStore} under {@code id}. It belongs to the
 * conversation it was uploaded to: only that conversation's readers may download it, only its uploader may
 * attach it to a message there.
 *
 * @param contentType as sniffed from the bytes, never as declared
 */
@Document("attachments")
public record Attachment(
        @Id String id,
        String conversationId,
        String uploaderId,
        String name,
        String contentType,
        long size,
        Instant createdAt) {

    public String url() {
        return "/api/attachments/" + id;
    }

    public AttachmentRef asRef() {
        return new AttachmentRef(id, url(), name, contentType, size);
    }

    public boolean isImage() {
        return contentType.startsWith("image/");
    }
}
