package com.parley.conversation.escalation;

import com.parley.support.validation.ReadableText;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Why the seller needs platform support; it becomes the ticket's first message. */
public record EscalateRequest(@NotBlank @ReadableText @Size(max = 2000) String reason) {
}
