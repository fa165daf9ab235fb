package com.parley.support.security;

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
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;

class RememberingJwtDecoderTests {

    private final AtomicInteger verifications = new AtomicInteger();
    private Instant expiresAt = Instant.now().plus(Duration.ofMinutes(10));

    /** Stands for the signature check: counts its calls, refuses any token not starting with "good". */
    private final JwtDecoder verifier = token -> {
        verifications.incrementAndGet();
        if (!token.startsWith("good")) {
            throw new BadJwtException("bad signature");
        }
        return Jwt.withTokenValue(token).header("alg", "RS256").subject("u-1")
                .issuedAt(expiresAt.minus(Duration.ofHours(1))).expiresAt(expiresAt).build();
    };
    private final JwtTimestampValidator validator = new JwtTimestampValidator(Duration.ZERO);

    @Test
    void aTokenSentWithEveryMessageIsVerifiedOnce() {
        RememberingJwtDecoder decoder = new RememberingJwtDecoder(verifier, validator, 100, Duration.ofMinutes(5));
        for (int i = 0; i < 5; i++) {
            assertThat(decoder.decode("good-token").getSubject()).isEqualTo("u-1");
        }
        assertThat(verifications).hasValue(1);
    }

    @Test
    void aRefusedTokenIsCheckedAgainEveryTimeAndNeverRemembered() {
        RememberingJwtDecoder decoder = new RememberingJwtDecoder(verifier, validator, 100, Duration.ofMinutes(5));
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> decoder.decode("forged-token")).isInstanceOf(BadJwtException.class);
        }
        assertThat(verifications).hasValue(3);
    }

    @Test
    void aRememberedTokenIsRefusedOnceItHasExpired() {
        RememberingJwtDecoder decoder = new RememberingJwtDecoder(verifier, validator, 100, Duration.ofMinutes(5));
        decoder.decode("good-token");
        // the validator's clock moves past the expiry while the entry is still remembered
        validator.setClock(Clock.fixed(expiresAt.plusSeconds(1), ZoneOffset.UTC));
        assertThatThrownBy(() -> decoder.decode("good-token")).isInstanceOf(JwtValidationException.class);
        assertThat(verifications).hasValue(1);
    }
}
