package com.parley.conversation.lifecycle;

import com.parley.support.validation.ReadableText;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * @param toStaffId   who takes the ticket over
 * @param toStaffName their display name (shown to the customer); the id when absent
 * @param note        why, for the activity log
 */
record TransferRequest(
        @NotBlank @ReadableText @Size(max = 64) String toStaffId,
        @Size(max = 100) String toStaffName,
        @Size(max = 500) String note) {
}
