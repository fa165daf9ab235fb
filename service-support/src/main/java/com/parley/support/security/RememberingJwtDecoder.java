package com.parley.support.security;

import java.time.Duration;

import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Verifies a token's signature once and remembers the result: a chat client sends the same token with every
 * message, and parsing plus an RSA verification was the largest single cost of a send in a service (about 8 % of
 * messaging-service's CPU under load, deploy/local/cpu.sh and profile.sh). A remembered token is still
 * re-validated on every use (expiry, issuer, audience: no cryptography, so an expired one is refused at once),
 * and is forgotten after {@code remember}. Only tokens that passed are remembered, keyed by their
 * full text, so a changed byte is a different key.
 */
public final class RememberingJwtDecoder implements JwtDecoder {

    private final JwtDecoder verifier;
    private final OAuth2TokenValidator<Jwt> validator;
    private final Cache<String, Jwt> verified;

    public RememberingJwtDecoder(JwtDecoder verifier, OAuth2TokenValidator<Jwt> validator, int maxTokens,
                                 Duration remember) {
        this.verifier = verifier;
        this.validator = validator;
        this.verified = Caffeine.newBuilder().maximumSize(maxTokens).expireAfterWrite(remember).build();
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt known = verified.getIfPresent(token);
        if (known == null) {
            Jwt jwt = verifier.decode(token); // verifies the signature and validates
            verified.put(token, jwt);
            return jwt;
        }
        OAuth2TokenValidatorResult result = validator.validate(known);
        if (result.hasErrors()) {
            verified.invalidate(token);
            throw new JwtValidationException("Invalid token: " + result.getErrors().iterator().next().getDescription(),
                    result.getErrors());
        }
        return known;
    }
}
