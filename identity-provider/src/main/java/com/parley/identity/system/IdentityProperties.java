package com.parley.identity.system;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What the local provider can be told.
 *
 * @param issuer         the provider's own URL, as browsers and the gateway reach it (OIDC discovery, ID tokens)
 * @param tokenIssuer    the {@code iss} of access tokens: what the services check today ({@code parley})
 * @param audience       the {@code aud} of access tokens ({@code parley-api})
 * @param keyDirectory   where the RS256 key lives; the local stack shares it with the gateway's dev tokens, so
 *                       the one JWKS the services trust verifies both
 * @param accessTokenTtl short, so a stolen access token is soon useless; the gateway refreshes before expiry
 * @param refreshTokenTtl how long the gateway may keep refreshing without the person signing in again
 * @param client         the gateway, the only client
 * @param lockout        wrong passwords in a row before an account is locked, and for how long
 * @param storefront     the stand-in for a storefront's login that issues customer tokens (local stack)
 */
@ConfigurationProperties("parley.identity")
public record IdentityProperties(String issuer, String tokenIssuer, String audience, Path keyDirectory,
                                 Duration accessTokenTtl, Duration refreshTokenTtl, Client client, Lockout lockout,
                                 Storefront storefront) {

    public IdentityProperties {
        // blank: taken from each request (tests on a random port); the local stack sets it
        tokenIssuer = tokenIssuer != null ? tokenIssuer : "parley";
        audience = audience != null ? audience : "parley-api";
        keyDirectory = keyDirectory != null ? keyDirectory : Path.of("deploy/local/.data/jwt");
        accessTokenTtl = accessTokenTtl != null ? accessTokenTtl : Duration.ofMinutes(5);
        refreshTokenTtl = refreshTokenTtl != null ? refreshTokenTtl : Duration.ofHours(12);
        client = client != null ? client : new Client(null, null, null, null);
        lockout = lockout != null ? lockout : new Lockout(0, null);
        storefront = storefront != null ? storefront : new Storefront(false, null, null);
    }

    /**
     * @param enabled        whether {@code POST /storefront/customer-tokens} answers at all
     * @param tokenTtl       lifetime of a customer token; short, the shop page asks again before it ends
     * @param allowedOrigins pages allowed to call it (CORS); empty: the gateway's origins
     */
    public record Storefront(boolean enabled, Duration tokenTtl, List<String> allowedOrigins) {

        public Storefront {
            tokenTtl = tokenTtl != null ? tokenTtl : Duration.ofMinutes(30);
            allowedOrigins = allowedOrigins != null ? List.copyOf(allowedOrigins) : List.of();
        }
    }

    /** The gateway as an OAuth client: confidential, authorization code with PKCE, refresh tokens. */
    public record Client(String id, String secret, List<String> redirectUris, List<String> postLogoutRedirectUris) {

        public Client {
            id = id != null ? id : "parley-gateway";
            secret = secret != null ? secret : "parley-local-secret";
            redirectUris = redirectUris != null ? List.copyOf(redirectUris)
                    : List.of("http://localhost:8080/login/oauth2/code/parley",
                            "http://127.0.0.1:8080/login/oauth2/code/parley");
            postLogoutRedirectUris = postLogoutRedirectUris != null ? List.copyOf(postLogoutRedirectUris)
                    : List.of("http://localhost:8080/", "http://127.0.0.1:8080/");
        }
    }

    public record Lockout(int maxFailures, Duration duration) {

        public Lockout {
            maxFailures = maxFailures > 0 ? maxFailures : 5;
            duration = duration != null ? duration : Duration.ofMinutes(15);
        }
    }
}
