package com.parley.gateway.signin;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Sign-in for people (staff, admins, sellers) through the gateway. Only an issuer URI, a client id and a secret
 * point it at a provider: the local identity provider, or the platform's own OpenID Connect provider in
 * production. Without an issuer URI there is no sign-in and the gateway accepts bearer tokens only.
 *
 * @param issuerUri          the provider (OIDC discovery at {@code <issuer>/.well-known/openid-configuration})
 * @param clientId           the gateway's client id at the provider
 * @param clientSecret       and its secret
 * @param absoluteTimeout    a session ends this long after sign-in, however active (the idle timeout is
 *                           {@code spring.session.timeout})
 * @param refreshBefore      the access token is refreshed when it expires within this, so services never
 *                           receive one about to expire
 * @param revocationChannel  Redis pub/sub channel announcing "this user's sessions ended" (realtime-service
 *                           closes the user's sockets)
 */
@ConfigurationProperties("parley.gateway.sign-in")
public record SignInProperties(String issuerUri, String clientId, String clientSecret, Duration absoluteTimeout,
                               Duration refreshBefore, String revocationChannel) {

    public static final String REGISTRATION_ID = "parley";

    public SignInProperties {
        clientId = clientId != null ? clientId : "parley-gateway";
        absoluteTimeout = absoluteTimeout != null ? absoluteTimeout : Duration.ofHours(12);
        refreshBefore = refreshBefore != null ? refreshBefore : Duration.ofSeconds(60);
        revocationChannel = revocationChannel != null ? revocationChannel : "parley:sessions:revoked";
    }

    public boolean enabled() {
        return issuerUri != null && !issuerUri.isBlank();
    }
}
