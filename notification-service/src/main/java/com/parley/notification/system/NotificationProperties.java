package com.parley.notification.system;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything the notification service can be tuned with, with safe local defaults.
 *
 * @param appBaseUrl where links in notifications point (the web app behind the gateway)
 */
@ConfigurationProperties("parley.notification")
public record NotificationProperties(
        @DefaultValue Coalescing coalescing,
        @DefaultValue Delivery delivery,
        @DefaultValue Email email,
        @DefaultValue Push push,
        @DefaultValue TicketAlerts ticketAlerts,
        @DefaultValue("http://localhost:8080") String appBaseUrl) {

    /**
     * @param window        how long a recipient's first notification waits for more of the same conversation
     * @param sweepInterval how often due digests are looked for
     * @param lease         how long an instance owns a digest it is sending; after that another may take it over
     * @param maxItems      how many items a digest keeps (previews and the events for the dead-letter topic)
     * @param batchSize     digests one sweep sends at most
     */
    public record Coalescing(
            @DefaultValue("60s") Duration window,
            @DefaultValue("1s") Duration sweepInterval,
            @DefaultValue("2m") Duration lease,
            @DefaultValue("20") int maxItems,
            @DefaultValue("50") int batchSize) {
    }

    /**
     * @param attempts          tries of one channel within one delivery round (in-process retry)
     * @param retryBackoff      first wait between those tries, doubled each time
     * @param rounds            delivery rounds before a notification goes to the dead-letter topic
     * @param roundBackoff      wait before the second round, doubled for each further one
     * @param maxRoundBackoff   cap of that wait
     * @param deadLetterTopic   where notifications that keep failing go, with the events that caused them
     * @param circuitBreaker    per channel
     */
    public record Delivery(
            @DefaultValue("3") int attempts,
            @DefaultValue("200ms") Duration retryBackoff,
            @DefaultValue("6") int rounds,
            @DefaultValue("30s") Duration roundBackoff,
            @DefaultValue("10m") Duration maxRoundBackoff,
            @DefaultValue("parley.notifications-dlt") String deadLetterTopic,
            @DefaultValue CircuitBreaker circuitBreaker) {
    }

    /**
     * @param failureRateThreshold percentage of failed calls that opens the breaker
     * @param minimumCalls         calls in the window before the rate counts
     * @param windowSize           calls the rate is computed over
     * @param openDuration         how long the breaker stays open before letting a trial call through
     */
    public record CircuitBreaker(
            @DefaultValue("50") float failureRateThreshold,
            @DefaultValue("4") int minimumCalls,
            @DefaultValue("10") int windowSize,
            @DefaultValue("30s") Duration openDuration) {
    }

    /**
     * @param from        sender address of the mails
     * @param localDomain default address of a user without one: {@code <userId>@localDomain}
     */
    public record Email(
            @DefaultValue("Parley <notifications@parley.local>") String from,
            @DefaultValue("parley.local") String localDomain) {
    }

    /**
     * @param publicKey              VAPID public key, base64url of the uncompressed P-256 point (65 bytes)
     * @param privateKey             VAPID private key, base64url of the 32-byte scalar
     * @param generateIfMissing      generate (and store in MongoDB) a key pair when none is configured: local only
     * @param subject                VAPID {@code sub} claim, a mailto: or https: contact for the push services
     * @param allowInsecureEndpoints accept http:// push endpoints (local and tests); browsers always give https
     * @param ttl                    how long a push service keeps an undelivered message
     * @param timeout                one HTTP call to a push service
     */
    public record Push(
            String publicKey,
            String privateKey,
            @DefaultValue("false") boolean generateIfMissing,
            @DefaultValue("mailto:notifications@parley.local") String subject,
            @DefaultValue("false") boolean allowInsecureEndpoints,
            @DefaultValue("24h") Duration ttl,
            @DefaultValue("10s") Duration timeout) {
    }

    /**
     * "A new ticket waits and no staff is online": who hears it, besides staff who opted in through their
     * preferences ({@code newTicketAlerts}).
     */
    public record TicketAlerts(@DefaultValue List<String> recipients) {
    }
}
