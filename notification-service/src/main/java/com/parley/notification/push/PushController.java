package com.parley.notification.push;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.parley.support.problem.ApiException;
import com.parley.support.security.CurrentUser;

/** Web Push: the server's public key and the caller's subscriptions. */
@RestController
@RequestMapping("/api/notifications")
class PushController {

    private final PushSubscriptions subscriptions;
    private final VapidKeys vapid;

    PushController(PushSubscriptions subscriptions, VapidKeys vapid) {
        this.subscriptions = subscriptions;
        this.vapid = vapid;
    }

    @GetMapping("/vapid-public-key")
    Map<String, String> vapidPublicKey() {
        return Map.of("publicKey", vapid.publicKeyBase64Url().orElseThrow(() ->
                ApiException.notFound("push_not_configured", "Web Push is not configured on this server")));
    }

    @PostMapping("/push-subscriptions")
    ResponseEntity<SubscriptionView> subscribe(CurrentUser user, @Valid @RequestBody PushSubscriptionRequest request,
                                               @RequestHeader(name = "User-Agent", required = false) String userAgent) {
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(SubscriptionView.of(subscriptions.subscribe(user.id(), request, userAgent)));
    }

    @GetMapping("/push-subscriptions")
    Map<String, List<SubscriptionView>> list(CurrentUser user) {
        return Map.of("items", subscriptions.of(user.id()).stream().map(SubscriptionView::of).toList());
    }

    @DeleteMapping("/push-subscriptions/{id}")
    ResponseEntity<Void> unsubscribe(CurrentUser user, @PathVariable String id) {
        if (!subscriptions.unsubscribe(user.id(), id)) {
            throw ApiException.notFound("subscription_not_found", "You have no push subscription with this id");
        }
        return ResponseEntity.noContent().build();
    }

    record SubscriptionView(String id, String endpoint, Instant expiresAt, Instant createdAt) {

        static SubscriptionView of(PushSubscription s) {
            return new SubscriptionView(s.id(), s.endpoint(), s.expiresAt(), s.createdAt());
        }
    }
}
