package com.parley.messaging.attachment;

import java.nio.charset.StandardCharsets;

import org.springframework.core.io.InputStreamResource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import com.parley.support.security.CurrentUser;

/** {@code POST /api/conversations/{id}/attachments} (multipart part {@code file}) and {@code GET /api/attachments/{id}}. */
@RestController
class AttachmentController {

    private final AttachmentService attachments;

    AttachmentController(AttachmentService attachments) {
        this.attachments = attachments;
    }

    @PostMapping(path = "/api/conversations/{conversationId}/attachments", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<AttachmentView> upload(@PathVariable String conversationId,
                                          @RequestPart(name = "file", required = false) MultipartFile file,
                                          CurrentUser user) {
        Attachment attachment = attachments.upload(conversationId, user, file);
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(java.net.URI.create(attachment.url()))
                .body(AttachmentView.of(attachment));
    }

    @GetMapping("/api/attachments/{attachmentId}")
    ResponseEntity<InputStreamResource> download(@PathVariable String attachmentId, CurrentUser user) {
        AttachmentService.Download download = attachments.download(attachmentId, user);
        Attachment a = download.attachment();
        ContentDisposition disposition = (a.isImage() ? ContentDisposition.inline() : ContentDisposition.attachment())
                .filename(a.name(), StandardCharsets.UTF_8).build();
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(a.contentType()))
                .contentLength(a.size())
                .header(HttpHeaders.CONTENT_DISPOSITION, disposition.toString())
                .header("X-Content-Type-Options", "nosniff")
                .header(HttpHeaders.CACHE_CONTROL, "private, max-age=3600")
                .body(new InputStreamResource(download.content()));
    }

    record AttachmentView(String id, String conversationId, String url, String name, String contentType, long size,
                          java.time.Instant createdAt) {
        static AttachmentView of(Attachment a) {
            return new AttachmentView(a.id(), a.conversationId(), a.url(), a.name(), a.contentType(), a.size(),
                    a.createdAt());
        }
    }
}
