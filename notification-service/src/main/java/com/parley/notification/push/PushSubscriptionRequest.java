package com.parley.notification.push;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The browser's {@code PushSubscription.toJSON()}, as posted by the web app. */
public record PushSubscriptionRequest(
        @NotBlank @Size(max = 2048) String endpoint,
        Long expirationTime,
        @NotNull @Valid Keys keys) {

    public record Keys(@NotBlank @Size(max = 200) String p256dh, @NotBlank @Size(max = 100) String auth) {
    }
}
