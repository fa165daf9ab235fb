package com.parley.notification.push;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import com.parley.notification.system.NotificationProperties;

/**
 * The application server's VAPID key pair (RFC 8292), which browsers bind subscriptions to. Configured in
 * production; in the local stack generated on first start and kept in MongoDB, so a restart (or a second
 * instance) keeps the same key and existing subscriptions stay valid.
 */
@Component
public class VapidKeys {

    static final String COLLECTION = "vapid_keys";
    private static final Logger log = LoggerFactory.getLogger(VapidKeys.class);

    private final NotificationProperties.Push settings;
    private final MongoTemplate mongo;
    private volatile Optional<KeyPair> keys;

    VapidKeys(NotificationProperties properties, MongoTemplate mongo) {
        this.settings = properties.push();
        this.mongo = mongo;
        // configured keys are checked at startup: a typo should stop the deployment, not fail the first push
        Optional<KeyPair> configured = configured(settings);
        this.keys = configured.isPresent() ? configured : null;
    }

    public boolean available() {
        return keys().isPresent();
    }

    /** The key a browser passes as {@code applicationServerKey} to {@code pushManager.subscribe}. */
    public Optional<String> publicKeyBase64Url() {
        return keys().map(pair -> P256.base64Url(P256.encode((ECPublicKey) pair.getPublic())));
    }

    /**
     * Loaded on first use, not at startup, so the service starts (and answers 503) while MongoDB is down; a
     * failed load is tried again on the next use.
     */
    private Optional<KeyPair> keys() {
        Optional<KeyPair> current = keys;
        if (current == null) {
            synchronized (this) {
                if (keys == null) {
                    keys = settings.generateIfMissing() ? Optional.of(storedOrGenerated(mongo)) : Optional.empty();
                    if (keys.isEmpty()) {
                        log.warn("No VAPID keys configured (parley.notification.push.public-key/private-key): "
                                + "Web Push is off");
                    }
                }
                current = keys;
            }
        }
        return current;
    }

    /** {@code Authorization: vapid t=<ES256 JWT for the endpoint's origin>, k=<public key>}. */
    String authorization(String audience, Instant now, Duration validity) {
        String header = b64("{\"typ\":\"JWT\",\"alg\":\"ES256\"}");
        String claims = b64("{\"aud\":\"" + audience + "\",\"exp\":" + now.plus(validity).getEpochSecond()
                + ",\"sub\":\"" + settings.subject() + "\"}");
        String signingInput = header + "." + claims;
        try {
            Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
            signer.initSign((ECPrivateKey) keys().orElseThrow().getPrivate());
            signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            String jwt = signingInput + "." + P256.base64Url(signer.sign());
            return "vapid t=" + jwt + ", k=" + publicKeyBase64Url().orElseThrow();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("VAPID signing failed", e);
        }
    }

    private static Optional<KeyPair> configured(NotificationProperties.Push push) {
        if (push.publicKey() == null || push.publicKey().isBlank() || push.privateKey() == null
                || push.privateKey().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new KeyPair(P256.publicKey(P256.fromBase64Url(push.publicKey())),
                P256.privateKey(P256.fromBase64Url(push.privateKey()))));
    }

    private static KeyPair storedOrGenerated(MongoTemplate mongo) {
        Document stored = mongo.getCollection(COLLECTION).find(new Document("_id", "current")).first();
        if (stored == null) {
            KeyPair fresh = P256.generate();
            try {
                mongo.getCollection(COLLECTION).insertOne(new Document("_id", "current")
                        .append("publicKey", P256.base64Url(P256.encode((ECPublicKey) fresh.getPublic())))
                        .append("privateKey", P256.base64Url(P256.encode((ECPrivateKey) fresh.getPrivate())))
                        .append("createdAt", java.util.Date.from(Instant.now())));
                log.info("Generated a VAPID key pair for Web Push (local only; configure one in production)");
                return fresh;
            } catch (com.mongodb.MongoWriteException | DuplicateKeyException raced) {
                stored = mongo.getCollection(COLLECTION).find(new Document("_id", "current")).first();
            }
        }
        return new KeyPair(P256.publicKey(P256.fromBase64Url(stored.getString("publicKey"))),
                P256.privateKey(P256.fromBase64Url(stored.getString("privateKey"))));
    }

    private static String b64(String json) {
        return P256.base64Url(json.getBytes(StandardCharsets.UTF_8));
    }
}
