package com.parley.support.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How services verify tokens. Exactly one key source: {@code jwkSetUri} (production: the platform's auth
 * service, locally the gateway) or {@code publicKey} (a PEM, e.g. in tests).
 */
@ConfigurationProperties("parley.security.jwt")
public record JwtProperties(
        String jwkSetUri,
        String publicKey,
        @DefaultValue("parley") String issuer,
        @DefaultValue("parley-api") String audience) {
}
