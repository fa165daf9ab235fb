package com.parley.notification.push;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.context.event.EventListener;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

import com.parley.notification.system.NotificationProperties;
import com.parley.support.problem.ApiException;

/** Stores and checks users' push subscriptions. */
@Service
public class PushSubscriptions {

    private final MongoTemplate mongo;
    private final NotificationProperties.Push settings;
    private final VapidKeys vapid;
    private final Clock clock;

    PushSubscriptions(MongoTemplate mongo, NotificationProperties properties, VapidKeys vapid, Clock clock) {
        this.mongo = mongo;
        this.settings = properties.push();
        this.vapid = vapid;
        this.clock = clock;
    }

    PushSubscription subscribe(String userId, PushSubscriptionRequest request, String userAgent) {
        if (!vapid.available()) {
            throw new ApiException(org.springframework.http.HttpStatus.CONFLICT, "push_not_configured",
                    "Web Push is not configured on this server");
        }
        URI endpoint = endpoint(request.endpoint());
        byte[] p256dh = decode(request.keys().p256dh(), "keys.p256dh");
        try {
            P256.publicKey(p256dh);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_subscription", "keys.p256dh is not a P-256 public key: " + e.getMessage());
        }
        if (decode(request.keys().auth(), "keys.auth").length != 16) {
            throw ApiException.badRequest("invalid_subscription", "keys.auth must be 16 bytes");
        }
        Instant expires = request.expirationTime() == null ? null : Instant.ofEpochMilli(request.expirationTime());
        PushSubscription subscription = new PushSubscription(idOf(endpoint.toString()), userId, endpoint.toString(),
                request.keys().p256dh(), request.keys().auth(), expires,
                userAgent == null ? null : userAgent.substring(0, Math.min(200, userAgent.length())), clock.instant());
        return mongo.save(subscription);
    }

    List<PushSubscription> of(String userId) {
        Instant now = clock.instant();
        return mongo.find(Query.query(Criteria.where("userId").is(userId)), PushSubscription.class).stream()
                .filter(s -> s.expiresAt() == null || s.expiresAt().isAfter(now))
                .toList();
    }

    boolean any(String userId) {
        return !of(userId).isEmpty();
    }

    /** The caller's own subscription only; false when there is none with that id. */
    boolean unsubscribe(String userId, String id) {
        return mongo.remove(Query.query(Criteria.where("_id").is(id).and("userId").is(userId)), PushSubscription.class)
                .getDeletedCount() > 0;
    }

    /** The push service said the subscription is gone (404/410). */
    void forget(PushSubscription subscription) {
        mongo.remove(Query.query(Criteria.where("_id").is(subscription.id())), PushSubscription.class);
    }

    private URI endpoint(String value) {
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_subscription", "endpoint is not a URL");
        }
        boolean secure = "https".equals(uri.getScheme());
        boolean allowed = secure || ("http".equals(uri.getScheme()) && settings.allowInsecureEndpoints());
        if (!allowed || uri.getHost() == null) {
            throw ApiException.badRequest("invalid_subscription", "endpoint must be an https URL");
        }
        return uri;
    }

    private static byte[] decode(String value, String field) {
        try {
            return P256.fromBase64Url(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_subscription", field + " is not base64url");
        }
    }

    static String idOf(String endpoint) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(endpoint.getBytes(StandardCharsets.UTF_8));
            return P256.base64Url(java.util.Arrays.copyOf(hash, 18));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A user's subscriptions; the local wire server ignores it, a real MongoDB needs it. */
    @EventListener(ApplicationStartedEvent.class)
    void createIndexes() {
        mongo.indexOps(PushSubscription.class).createIndex(new Index().on("userId", Sort.Direction.ASC));
    }
}
