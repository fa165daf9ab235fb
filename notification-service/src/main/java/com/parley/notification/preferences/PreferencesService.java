package com.parley.notification.preferences;

import java.time.Clock;
import java.util.List;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import com.parley.events.text.Language;
import com.parley.notification.system.NotificationProperties;

/** Stores preferences and resolves what applies to a recipient at delivery time. */
@Service
public class PreferencesService {

    private final MongoTemplate mongo;
    private final NotificationProperties properties;
    private final Clock clock;

    PreferencesService(MongoTemplate mongo, NotificationProperties properties, Clock clock) {
        this.mongo = mongo;
        this.properties = properties;
        this.clock = clock;
    }

    public Preferences stored(String userId) {
        Preferences found = mongo.findById(userId, Preferences.class);
        return found == null ? Preferences.defaults(userId) : found;
    }

    public RecipientSettings settingsOf(String userId) {
        return settingsOf(stored(userId));
    }

    RecipientSettings settingsOf(Preferences p) {
        String email;
        String source;
        if (p.email() != null && !p.email().isBlank()) {
            email = p.email();
            source = "preference";
        } else if (p.tokenEmail() != null && !p.tokenEmail().isBlank()) {
            email = p.tokenEmail();
            source = "token";
        } else {
            email = p.userId() + "@" + properties.email().localDomain();
            source = "default";
        }
        Language language = Language.ofTag(p.language());
        return new RecipientSettings(p.userId(), email, source, p.emailEnabled(), p.pushEnabled(), p.quietHours(),
                language == null ? Language.DEFAULT : language);
    }

    /**
     * Remembers the address in the caller's token, so mail reaches it even before they save preferences.
     * Only written when it changed.
     */
    void rememberTokenEmail(String userId, String tokenEmail) {
        if (tokenEmail == null || tokenEmail.isBlank() || tokenEmail.equals(stored(userId).tokenEmail())) {
            return;
        }
        mongo.upsert(Query.query(Criteria.where("_id").is(userId)),
                withDefaultsOnInsert(new Update().set("tokenEmail", tokenEmail)), Preferences.class);
    }

    Preferences save(String userId, PreferencesRequest request) {
        PreferencesRequest.QuietHoursRequest q = request.quietHours();
        QuietHours quiet = q == null ? null : new QuietHours(q.start(), q.end(), q.timezone()).validated();
        Update update = new Update()
                .set("email", request.email() == null || request.email().isBlank() ? null : request.email().strip())
                .set("emailEnabled", request.channels().email())
                .set("pushEnabled", request.channels().push())
                .set("quietHours", quiet)
                .set("newTicketAlerts", Boolean.TRUE.equals(request.newTicketAlerts()))
                .set("updatedAt", clock.instant());
        mongo.upsert(Query.query(Criteria.where("_id").is(userId)), update, Preferences.class);
        return stored(userId);
    }

    /** The language the user chose in an app; e-mails and pushes to them use it from now on. */
    Preferences saveLanguage(String userId, Language language) {
        mongo.upsert(Query.query(Criteria.where("_id").is(userId)),
                withDefaultsOnInsert(new Update().set("language", language.tag()).set("updatedAt", clock.instant())),
                Preferences.class);
        return stored(userId);
    }

    private Update withDefaultsOnInsert(Update update) {
        return update.setOnInsert("emailEnabled", true).setOnInsert("pushEnabled", true)
                .setOnInsert("newTicketAlerts", false);
    }

    /** Staff who asked to hear about new tickets while no staff is online. */
    public List<String> ticketAlertSubscribers() {
        return mongo.find(Query.query(Criteria.where("newTicketAlerts").is(true)), Preferences.class).stream()
                .map(Preferences::userId)
                .toList();
    }
}
