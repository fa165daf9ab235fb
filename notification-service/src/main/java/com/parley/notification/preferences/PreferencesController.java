package com.parley.notification.preferences;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.parley.events.text.Language;
import com.parley.support.problem.ApiException;
import com.parley.support.security.CurrentUser;

/** The caller's own notification preferences. */
@RestController
@RequestMapping("/api/notifications/preferences")
class PreferencesController {

    private final PreferencesService preferences;

    PreferencesController(PreferencesService preferences) {
        this.preferences = preferences;
    }

    @GetMapping
    PreferencesView get(CurrentUser user, @AuthenticationPrincipal Jwt jwt) {
        preferences.rememberTokenEmail(user.id(), jwt.getClaimAsString("email"));
        return PreferencesView.of(preferences.stored(user.id()), preferences.settingsOf(user.id()));
    }

    @PutMapping
    PreferencesView put(CurrentUser user, @AuthenticationPrincipal Jwt jwt,
                        @Valid @RequestBody PreferencesRequest request) {
        if (Boolean.TRUE.equals(request.newTicketAlerts()) && !user.isSupportAgent()) {
            throw ApiException.forbidden("ticket_alerts_staff_only", "Only staff can subscribe to new-ticket alerts");
        }
        preferences.rememberTokenEmail(user.id(), jwt.getClaimAsString("email"));
        Preferences saved = preferences.save(user.id(), request);
        return PreferencesView.of(saved, preferences.settingsOf(saved));
    }

    /**
     * The language of the caller's e-mails and pushes ({@code vi|en}); the web apps' language switch sets it.
     * Kept apart from PUT of the whole set so that switching language never resets other choices.
     */
    @PutMapping("/language")
    PreferencesView language(CurrentUser user, @AuthenticationPrincipal Jwt jwt,
                             @Valid @RequestBody LanguageRequest request) {
        Language language = Language.ofTag(request.language());
        if (language == null || !request.language().strip().equalsIgnoreCase(language.tag())) {
            throw ApiException.badRequest("invalid_language", "language must be vi or en")
                    .with("allowed", List.of("vi", "en"));
        }
        preferences.rememberTokenEmail(user.id(), jwt.getClaimAsString("email"));
        Preferences saved = preferences.saveLanguage(user.id(), language);
        return PreferencesView.of(saved, preferences.settingsOf(saved));
    }

    record LanguageRequest(@NotBlank @Size(max = 10) String language) {
    }

    /** The JSON shape of GET and PUT. */
    record PreferencesView(String email, String emailSource, PreferencesRequest.Channels channels,
                           QuietHours quietHours, boolean newTicketAlerts, String language) {

        static PreferencesView of(Preferences stored, RecipientSettings effective) {
            return new PreferencesView(effective.email(), effective.emailSource(),
                    new PreferencesRequest.Channels(stored.emailEnabled(), stored.pushEnabled()),
                    stored.quietHours(), stored.newTicketAlerts(), effective.language().tag());
        }
    }
}
