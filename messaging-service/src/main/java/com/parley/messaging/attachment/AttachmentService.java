package com.parley.messaging.attachment;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.multipart.MultipartFile;

import com.parley.messaging.access.ConversationAccessGuard;
import com.parley.messaging.system.MessagingProperties;
import com.parley.support.problem.ApiException;
import com.parley.support.problem.InfrastructureUnavailableException;
import com.parley.support.security.CurrentUser;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Upload, download and message-reference rules of attachments. The type is sniffed from the bytes; the size and
 * the allowed types come from {@code parley.messaging.attachments}. A rejected upload leaves nothing behind,
 * and neither does an upload whose metadata could not be saved (the file is deleted again).
 */
@Service
public class AttachmentService {

    private static final Logger log = LoggerFactory.getLogger(AttachmentService.class);
    private static final int SNIFF_BYTES = 16;

    private final MongoTemplate mongo;
    private final AttachmentStore store;
    private final ConversationAccessGuard access;
    private final MessagingProperties.Attachments properties;
    private final Clock clock;
    private final MeterRegistry meters;

    AttachmentService(MongoTemplate mongo, AttachmentStore store, ConversationAccessGuard access,
                      MessagingProperties properties, Clock clock, MeterRegistry meters) {
        this.mongo = mongo;
        this.store = store;
        this.access = access;
        this.properties = properties.attachments();
        this.clock = clock;
        this.meters = meters;
    }

    Attachment upload(String conversationId, CurrentUser user, MultipartFile file) {
        access.requirePost(conversationId, user);
        if (file == null || file.isEmpty()) {
            throw reject(ApiException.badRequest("attachment_missing", "Send the file in a multipart part named 'file'"));
        }
        if (file.getSize() > properties.maxSize().toBytes()) {
            throw reject(new ApiException(HttpStatus.CONTENT_TOO_LARGE, "attachment_too_large",
                    "A file may be at most " + properties.maxSize().toMegabytes() + " MB")
                    .with("maxBytes", properties.maxSize().toBytes()));
        }
        String name = cleanName(file.getOriginalFilename());
        String id = UUID.randomUUID().toString().replace("-", "");
        try (InputStream in = new BufferedInputStream(file.getInputStream())) {
            in.mark(SNIFF_BYTES);
            String contentType = checkType(in.readNBytes(SNIFF_BYTES), name);
            in.reset();
            store.put(id, in);
            Attachment attachment = new Attachment(id, conversationId, user.id(), name, contentType, file.getSize(),
                    clock.instant());
            try {
                mongo.insert(attachment);
            } catch (RuntimeException e) {
                store.delete(id);
                throw e;
            }
            meters.counter("parley.attachments.uploaded", "type", contentType).increment();
            log.info("Attachment {} ({}, {} bytes) uploaded to {} by {}", id, contentType, file.getSize(),
                    conversationId, user.id());
            return attachment;
        } catch (IOException e) {
            throw new InfrastructureUnavailableException("Attachment store failed", e);
        }
    }

    /** The attachment and its bytes, if the caller may read its conversation. */
    Download download(String attachmentId, CurrentUser user) {
        Attachment attachment = Optional.ofNullable(attachmentId)
                .filter(id -> id.matches("[A-Za-z0-9_-]{1,128}"))
                .map(id -> mongo.findById(id, Attachment.class))
                .orElseThrow(() -> ApiException.notFound("attachment_not_found", "No attachment " + attachmentId));
        access.requireRead(attachment.conversationId(), user);
        try {
            return new Download(attachment, store.open(attachment.id()));
        } catch (IOException e) {
            throw new InfrastructureUnavailableException("Attachment store failed", e);
        }
    }

    record Download(Attachment attachment, InputStream content) {
    }

    /**
     * The references a new message may carry: every id must be an attachment the sender uploaded to this
     * conversation. Unknown ids, other people's files and files of other conversations are a 400.
     */
    public List<AttachmentRef> resolveForMessage(String conversationId, String senderId, List<String> ids) {
        if (ids == null || ids.isEmpty()) {
            return List.of();
        }
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(ids));
        List<Attachment> found = mongo.find(new Query(Criteria.where("_id").in(distinct)
                .and("conversationId").is(conversationId).and("uploaderId").is(senderId)), Attachment.class);
        if (found.size() != distinct.size()) {
            throw ApiException.badRequest("invalid_attachment",
                    "Attach only files you uploaded to this conversation");
        }
        return distinct.stream()
                .map(id -> found.stream().filter(a -> a.id().equals(id)).findFirst().orElseThrow().asRef())
                .toList();
    }

    private String checkType(byte[] head, String name) {
        String sniffed = ContentSniffer.sniff(head).orElseThrow(() -> reject(new ApiException(
                HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_attachment_type",
                "Only " + String.join(", ", properties.allowedTypes()) + " files may be attached")
                .with("allowedTypes", properties.allowedTypes())));
        if (!properties.allowedTypes().contains(sniffed)) {
            throw reject(new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_attachment_type",
                    "Files of type " + sniffed + " may not be attached").with("allowedTypes", properties.allowedTypes()));
        }
        ContentSniffer.claimedByName(name).filter(claimed -> !claimed.equals(sniffed)).ifPresent(claimed -> {
            throw reject(new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "attachment_type_mismatch",
                    "The file is named like " + claimed + " but its content is " + sniffed));
        });
        return sniffed;
    }

    private ApiException reject(ApiException e) {
        meters.counter("parley.attachments.rejected", "code", e.code()).increment();
        log.info("Attachment rejected: {}", e.code());
        return e;
    }

    /** The last path segment, without control characters, at most 200 characters. */
    static String cleanName(String original) {
        String name = original == null ? "" : original.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}\"]", "").strip();
        if (name.isEmpty()) {
            name = "file";
        }
        return name.length() > 200 ? name.substring(name.length() - 200) : name;
    }
}
