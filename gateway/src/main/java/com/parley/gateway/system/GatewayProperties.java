package com.parley.gateway.system;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Everything the gateway can be told. Every field has a safe local default (compact constructors fill what
 * is missing), so a bare {@code java -jar} talks to the local ports of the other services.
 */
@ConfigurationProperties("parley.gateway")
public record GatewayProperties(
        Services services,
        Jwt jwt,
        RateLimit rateLimit,
        Limits limits,
        Cors cors,
        Resilience resilience,
        Headers headers) {

    public GatewayProperties {
        services = services != null ? services : new Services(null, null, null, null);
        jwt = jwt != null ? jwt : new Jwt(null, null, null, null, null, null);
        rateLimit = rateLimit != null ? rateLimit : new RateLimit(null, null, 0);
        limits = limits != null ? limits : new Limits(null, null, null);
        cors = cors != null ? cors : new Cors(null, null);
        resilience = resilience != null ? resilience : new Resilience(null, null, null, null, null, null);
        headers = headers != null ? headers : new Headers(null);
    }

    /** The services behind the gateway. {@code timeout} is the response timeout of one call to it. */
    public record Services(Downstream conversation, Downstream messaging, Downstream realtime,
                           Downstream notification) {

        public Services {
            conversation = Downstream.orDefault(conversation, 8081);
            messaging = Downstream.orDefault(messaging, 8082);
            realtime = Downstream.orDefault(realtime, 8083);
            notification = Downstream.orDefault(notification, 8084);
        }

        /** By short name (as routes, circuit breakers, health components and API docs call them). */
        public Map<String, Downstream> byName() {
            Map<String, Downstream> all = new LinkedHashMap<>();
            all.put("conversation", conversation);
            all.put("messaging", messaging);
            all.put("realtime", realtime);
            all.put("notification", notification);
            return all;
        }
    }

    /**
     * @param url       the service (in production one address, its load balancer)
     * @param instances optional: several addresses of the same service that the gateway spreads connections over
     *                  itself (the local stack's two realtime nodes); empty: {@code url} alone
     */
    public record Downstream(URI url, Duration timeout, List<URI> instances) {

        static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

        public Downstream {
            timeout = timeout != null ? timeout : DEFAULT_TIMEOUT;
            instances = instances != null ? List.copyOf(instances) : List.of();
        }

        static Downstream orDefault(Downstream configured, int localPort) {
            URI local = URI.create("http://127.0.0.1:" + localPort);
            if (configured == null) {
                return new Downstream(local, null, null);
            }
            // one constructor only: configuration properties bind records through their single constructor
            return configured.url() == null ? new Downstream(local, configured.timeout(), configured.instances())
                    : configured;
        }

        /** Every address of the service: {@code instances} when given, else {@code url}. */
        public List<URI> allInstances() {
            return instances.isEmpty() ? List.of(url) : instances;
        }

        /** The same host as a WebSocket URI (http → ws, https → wss). */
        public URI webSocketUrl() {
            String scheme = "https".equalsIgnoreCase(url.getScheme()) ? "wss" : "ws";
            return URI.create(scheme + "://" + url.getRawAuthority());
        }
    }

    /**
     * Token checks. Outside the local profile exactly one key source: {@code jwkSetUri} (the platform's auth
     * service) or {@code publicKey} (a PEM). In the local profile the gateway's own key pair, kept in
     * {@code keyDirectory}, signs dev tokens and verifies every token.
     */
    public record Jwt(String issuer, String audience, String jwkSetUri, String publicKey, Path keyDirectory,
                      Duration devTokenTtl) {

        public Jwt {
            issuer = issuer != null ? issuer : "parley";
            audience = audience != null ? audience : "parley-api";
            keyDirectory = keyDirectory != null ? keyDirectory : Path.of("deploy/local/.data/jwt");
            devTokenTtl = devTokenTtl != null ? devTokenTtl : Duration.ofHours(8);
        }
    }

    /**
     * Token buckets in Redis. {@code trustedProxyHops}: how many proxies in front of the gateway append to
     * X-Forwarded-For (0: the TCP peer is the client, and X-Forwarded-For is ignored so it cannot be forged).
     */
    public record RateLimit(Bucket perUser, Bucket perIp, int trustedProxyHops) {

        public RateLimit {
            perUser = perUser != null ? perUser : new Bucket(20, 40);
            perIp = perIp != null ? perIp : new Bucket(50, 100);
        }
    }

    /** A token bucket: {@code replenishPerSecond} tokens added each second, at most {@code burst} held. */
    public record Bucket(int replenishPerSecond, int burst) {

        public Bucket {
            if (replenishPerSecond < 1 || burst < replenishPerSecond) {
                throw new IllegalArgumentException(
                        "A rate limit bucket needs replenish-per-second >= 1 and burst >= replenish-per-second");
            }
        }
    }

    /**
     * Request body limits: uploads ({@code /api/attachments/**}) may be larger than JSON bodies. A refused body
     * that declares at most {@code drainUpTo} bytes is read and discarded before the 413, so the client reads
     * the answer instead of a connection reset; a larger one is answered at once and the connection closed.
     */
    public record Limits(DataSize maxBody, DataSize maxUpload, DataSize drainUpTo) {

        public Limits {
            maxBody = maxBody != null ? maxBody : DataSize.ofKilobytes(256);
            maxUpload = maxUpload != null ? maxUpload : DataSize.ofMegabytes(10);
            drainUpTo = drainUpTo != null ? drainUpTo : DataSize.ofMegabytes(32);
        }
    }

    /** Browser origins (storefront, Seller Center) allowed to call {@code /api/**} cross-origin. */
    public record Cors(List<String> allowedOrigins, Duration maxAge) {

        public Cors {
            allowedOrigins = allowedOrigins != null ? List.copyOf(allowedOrigins) : List.of();
            maxAge = maxAge != null ? maxAge : Duration.ofHours(1);
        }
    }

    /**
     * Circuit breaker per downstream: opens when {@code failureRatePercent} of the last {@code slidingWindow}
     * calls failed (after {@code minimumCalls}), stays open {@code openFor}. GET requests are retried
     * {@code getRetries} times on connection errors and 502/504; other methods never.
     */
    public record Resilience(Integer slidingWindow, Integer minimumCalls, Float failureRatePercent, Duration openFor,
                             Integer getRetries, Duration retryAfter) {

        public Resilience {
            slidingWindow = slidingWindow != null ? slidingWindow : 20;
            minimumCalls = minimumCalls != null ? minimumCalls : 10;
            failureRatePercent = failureRatePercent != null ? failureRatePercent : 50f;
            openFor = openFor != null ? openFor : Duration.ofSeconds(5);
            getRetries = getRetries != null ? getRetries : 1;
            retryAfter = retryAfter != null ? retryAfter : Duration.ofSeconds(5);
        }
    }

    /** The Content-Security-Policy for everything the gateway serves (same-origin web apps). */
    public record Headers(String contentSecurityPolicy) {

        public Headers {
            contentSecurityPolicy = contentSecurityPolicy != null ? contentSecurityPolicy
                    : "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                    + "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
                    + "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";
        }
    }
}
