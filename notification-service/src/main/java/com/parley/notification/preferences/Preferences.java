package com.parley.notification.preferences;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A user's stored notification choices. A user who never saved any gets {@link #defaults}.
 *
 * @param email           the address the user chose, or null for the default
 * @param tokenEmail      the {@code email} claim of the user's token, remembered when they last called the API
 * @param newTicketAlerts staff only: hear about new tickets while no staff is online
 * @param language        {@code vi|en}: the language of their e-mails and pushes, set by the apps' language
 *                        switch; null until then (Vietnamese)
 */
@Document(Preferences.COLLECTION)
public record Preferences(
        @Id String userId,
        String email,
        String tokenEmail,
        boolean emailEnabled,
        boolean pushEnabled,
        QuietHours quietHours,
        boolean newTicketAlerts,
        Instant updatedAt,
        String language) {

    public static final String COLLECTION = "notification_preferences";

    public static Preferences defaults(String userId) {
        return new Preferences(userId, null, null, true, true, null, false, null, null);
    }
}
