package com.parley.messaging.send;

import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import com.parley.support.security.CurrentUser;

/**
 * {@code POST /api/conversations/{id}/messages}: 201 with the stored message; a retry with the same
 * clientMessageId gets 200 with the original message (same id, same seq) and {@code Idempotent-Replayed: true}.
 */
@RestController
class SendMessageController {

    private final SendMessageService messages;

    SendMessageController(SendMessageService messages) {
        this.messages = messages;
    }

    @PostMapping("/api/conversations/{conversationId}/messages")
    ResponseEntity<MessageView> send(@PathVariable String conversationId, @Valid @RequestBody SendMessageRequest request,
                                     CurrentUser user) {
        SendMessageService.Sent sent = messages.send(conversationId, user, request);
        return ResponseEntity.status(sent.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .header("Idempotent-Replayed", String.valueOf(!sent.created()))
                .body(sent.message());
    }
}
