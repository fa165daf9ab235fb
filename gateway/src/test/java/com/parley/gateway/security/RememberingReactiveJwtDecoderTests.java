package com.parley.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import reactor.core.publisher.Mono;

class RememberingReactiveJwtDecoderTests {

    private final AtomicInteger verifications = new AtomicInteger();
    private final Instant expiresAt = Instant.now().plus(Duration.ofMinutes(10));
    private final JwtTimestampValidator validator = new JwtTimestampValidator(Duration.ZERO);

    /** Stands for the signature check: counts its calls, refuses any token not starting with "good". */
    private final ReactiveJwtDecoder verifier = token -> Mono.defer(() -> {
        verifications.incrementAndGet();
        return token.startsWith("good")
                ? Mono.just(Jwt.withTokenValue(token).header("alg", "RS256").subject("u-1")
                        .issuedAt(expiresAt.minus(Duration.ofHours(1))).expiresAt(expiresAt).build())
                : Mono.error(new BadJwtException("bad signature"));
    });
    private final RememberingReactiveJwtDecoder decoder =
            new RememberingReactiveJwtDecoder(verifier, validator, 100, Duration.ofMinutes(5));

    @Test
    void aTokenSentWithEveryCallIsVerifiedOnce() {
        for (int i = 0; i < 5; i++) {
            assertThat(decoder.decode("good-token").block().getSubject()).isEqualTo("u-1");
        }
        assertThat(verifications).hasValue(1);
    }

    @Test
    void aRefusedTokenIsNeverRemembered() {
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> decoder.decode("forged").block()).isInstanceOf(BadJwtException.class);
        }
        assertThat(verifications).hasValue(3);
    }

    @Test
    void aRememberedTokenIsRefusedOnceItHasExpired() {
        decoder.decode("good-token").block();
        validator.setClock(Clock.fixed(expiresAt.plusSeconds(1), ZoneOffset.UTC));
        assertThatThrownBy(() -> decoder.decode("good-token").block()).isInstanceOf(JwtValidationException.class);
        assertThat(verifications).hasValue(1);
    }
}
