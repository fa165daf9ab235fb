package com.parley.gateway.security;

import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import com.parley.gateway.devtoken.LocalSigningKeys;
import com.parley.gateway.system.GatewayProperties;

/**
 * How the gateway verifies tokens: RS256 only, issuer, audience and expiry checked. The key comes from the
 * local key pair (local profile), else from the platform's JWKS URI, else from a configured PEM.
 */
@Configuration(proxyBeanMethods = false)
class JwtDecoderConfiguration {

    private static final Logger log = LoggerFactory.getLogger(JwtDecoderConfiguration.class);

    @Bean
    ReactiveJwtDecoder jwtDecoder(GatewayProperties properties, ObjectProvider<LocalSigningKeys> localKeys)
            throws Exception {
        GatewayProperties.Jwt jwt = properties.jwt();
        LocalSigningKeys local = localKeys.getIfAvailable();
        NimbusReactiveJwtDecoder decoder;
        if (local != null) {
            log.info("Verifying tokens with the local signing key {}", local.keyId());
            decoder = NimbusReactiveJwtDecoder.withPublicKey(local.publicKey())
                    .signatureAlgorithm(SignatureAlgorithm.RS256).build();
        } else if (hasText(jwt.jwkSetUri())) {
            log.info("Verifying tokens with the JWKS at {}", jwt.jwkSetUri());
            decoder = NimbusReactiveJwtDecoder.withJwkSetUri(jwt.jwkSetUri())
                    .jwsAlgorithm(SignatureAlgorithm.RS256).build();
        } else if (hasText(jwt.publicKey())) {
            log.info("Verifying tokens with the configured public key");
            decoder = NimbusReactiveJwtDecoder.withPublicKey(parsePublicKey(jwt.publicKey()))
                    .signatureAlgorithm(SignatureAlgorithm.RS256).build();
        } else {
            throw new IllegalStateException("No key to verify tokens with: set parley.gateway.jwt.jwk-set-uri "
                    + "(PARLEY_JWKS_URI) to the auth service's JWKS, or run with the 'local' profile");
        }
        OAuth2TokenValidator<Jwt> validator = new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(jwt.issuer()), audience(jwt.audience()));
        decoder.setJwtValidator(validator);
        return new RememberingReactiveJwtDecoder(decoder, validator, 10_000, Duration.ofMinutes(5));
    }

    private static OAuth2TokenValidator<Jwt> audience(String expected) {
        OAuth2Error wrongAudience = new OAuth2Error("invalid_token", "The token is not meant for this API", null);
        return token -> token.getAudience() != null && token.getAudience().contains(expected)
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(wrongAudience);
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }

    static RSAPublicKey parsePublicKey(String pem) throws Exception {
        String base64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        return (RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }
}
