package com.parley.notification.preferences;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code PUT /api/notifications/preferences}: the whole set, replacing what was stored.
 *
 * @param email      null or blank to fall back to the default address
 * @param quietHours null for none
 */
public record PreferencesRequest(
        @Email @Size(max = 254) String email,
        @NotNull @Valid Channels channels,
        @Valid QuietHoursRequest quietHours,
        Boolean newTicketAlerts) {

    public record Channels(boolean email, boolean push) {
    }

    public record QuietHoursRequest(
            @NotNull @Pattern(regexp = "([01]\\d|2[0-3]):[0-5]\\d", message = "must be HH:mm") String start,
            @NotNull @Pattern(regexp = "([01]\\d|2[0-3]):[0-5]\\d", message = "must be HH:mm") String end,
            @NotBlank @Size(max = 64) String timezone) {
    }
}
