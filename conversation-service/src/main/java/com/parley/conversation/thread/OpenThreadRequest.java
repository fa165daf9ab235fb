package com.parley.conversation.thread;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A buyer opening a thread with a seller about a product or an order. With both ids the thread is the order's
 * (the seller sees which order it is about; the product is kept for display).
 *
 * @param sellerName   display name of the seller as the shop front shows it; the seller id when absent
 * @param productTitle becomes the thread's subject, so both inboxes show what it is about
 */
public record OpenThreadRequest(
        @NotBlank @Pattern(regexp = OpenThreadRequest.ID, message = "must be 1-64 letters, digits or . _ - : @")
        String sellerId,
        @Pattern(regexp = OpenThreadRequest.ID, message = "must be 1-64 letters, digits or . _ - : @") String productId,
        @Pattern(regexp = OpenThreadRequest.ID, message = "must be 1-64 letters, digits or . _ - : @") String orderId,
        @Size(max = 100) String sellerName,
        @Size(max = 200) String productTitle) {

    /** User, product and order ids: no separators of the thread key ({@code |}), no blanks. */
    static final String ID = "[A-Za-z0-9._:@-]{1,64}";
}
