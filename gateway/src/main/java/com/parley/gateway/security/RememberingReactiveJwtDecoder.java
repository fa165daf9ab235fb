package com.parley.gateway.security;

import java.time.Duration;
import java.time.Instant;

import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import reactor.core.publisher.Mono;

/**
 * The gateway's side of "verify a token once" (services do the same with service-support's
 * {@code RememberingJwtDecoder}): a client sends one token with every call, so its signature is checked the first
 * time only; every use still re-validates expiry, issuer and audience. Entries last {@code remember}; refused
 * tokens are never remembered.
 */
final class RememberingReactiveJwtDecoder implements ReactiveJwtDecoder {

    private final ReactiveJwtDecoder verifier;
    private final OAuth2TokenValidator<Jwt> validator;
    private final Cache<String, Jwt> verified;

    RememberingReactiveJwtDecoder(ReactiveJwtDecoder verifier, OAuth2TokenValidator<Jwt> validator, int maxTokens,
                                  Duration remember) {
        this.verifier = verifier;
        this.validator = validator;
        this.verified = Caffeine.newBuilder().maximumSize(maxTokens).expireAfterWrite(remember).build();
    }

    @Override
    public Mono<Jwt> decode(String token) {
        Jwt known = verified.getIfPresent(token);
        if (known == null) {
            return verifier.decode(token).doOnNext(jwt -> {
                // a token about to expire is not worth remembering; the validator refuses it once it has
                if (jwt.getExpiresAt() == null || jwt.getExpiresAt().isAfter(Instant.now().plusSeconds(1))) {
                    verified.put(token, jwt);
                }
            });
        }
        OAuth2TokenValidatorResult result = validator.validate(known);
        if (result.hasErrors()) {
            verified.invalidate(token);
            return Mono.error(new JwtValidationException(
                    "Invalid token: " + result.getErrors().iterator().next().getDescription(), result.getErrors()));
        }
        return Mono.just(known);
    }
}
