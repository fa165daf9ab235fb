package com.parley.notification.preferences;

import com.parley.events.text.Language;

/**
 * What delivery needs to know about a recipient: where to write and what they allow.
 *
 * @param email       the effective address (chosen, else the token's, else {@code <userId>@<localDomain>})
 * @param emailSource {@code preference|token|default}
 * @param language    what they read: their stored choice, else Vietnamese
 */
public record RecipientSettings(String userId, String email, String emailSource, boolean emailEnabled,
                                boolean pushEnabled, QuietHours quietHours, Language language) {
}
