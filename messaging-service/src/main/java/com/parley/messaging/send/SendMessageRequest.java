package com.parley.messaging.send;

import java.util.List;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * @param type            {@code text|image|file}; defaults from the attachments ({@code system} is Parley's own)
 * @param clientMessageId the client's id for this send; a retry with the same one returns the original message.
 *                        Optional: without it the server makes one up, and a retry is a new message
 * @param replyTo         id of a message in the same conversation
 * @param attachments     ids returned by {@code POST /api/conversations/{id}/attachments}
 */
public record SendMessageRequest(
        String content,
        String type,
        @Size(max = 100) @Pattern(regexp = "[\\p{Alnum}._:\\-]+", message = "letters, digits and . _ : - only")
        String clientMessageId,
        @Size(max = 64) String replyTo,
        List<@Size(max = 128) String> attachments) {
}
