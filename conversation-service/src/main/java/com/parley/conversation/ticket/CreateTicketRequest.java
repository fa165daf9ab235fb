package com.parley.conversation.ticket;

import com.parley.support.validation.ReadableText;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A customer's request for support.
 *
 * @param message         the first message, stored by messaging-service from {@code conversation.created}
 * @param clientRequestId the same as an {@code Idempotency-Key} header (the header wins): a retry with the same
 *                        value returns the ticket the first attempt created
 */
public record CreateTicketRequest(
        @Size(max = 200) String subject,
        @NotBlank @ReadableText @Size(max = 4000) String message,
        @Size(max = 64) String orderId,
        @Size(max = 64) String productId,
        @Pattern(regexp = Priority.PATTERN, message = "must be one of low, medium, high, urgent") String priority,
        @Size(max = 10) List<@NotBlank @Size(max = 40) String> tags,
        @Size(max = 100) String clientRequestId) {
}
