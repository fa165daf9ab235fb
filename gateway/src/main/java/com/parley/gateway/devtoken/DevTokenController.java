package com.parley.gateway.devtoken;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.micrometer.core.instrument.MeterRegistry;

import com.parley.events.Role;

/**
 * Local profile only: mints tokens for anyone so the API can
 * be tried as a customer, staff member, buyer or seller, and publishes the key that verifies them.
 */
@RestController
@Profile("local")
class DevTokenController {

    private static final Logger log = LoggerFactory.getLogger(DevTokenController.class);

    private final DevTokenMinter minter;
    private final LocalSigningKeys keys;
    private final MeterRegistry meters;

    DevTokenController(DevTokenMinter minter, LocalSigningKeys keys, MeterRegistry meters) {
        this.minter = minter;
        this.keys = keys;
        this.meters = meters;
    }

    record DevTokenResponse(String token, String tokenType, Instant expiresAt, List<Role> roles) {
    }

    @PostMapping(path = "/api/dev/tokens", produces = MediaType.APPLICATION_JSON_VALUE)
    DevTokenResponse mint(@Valid @RequestBody DevTokenRequest request) {
        DevTokenMinter.Minted minted = minter.mint(request);
        meters.counter("parley.gateway.dev.tokens.issued").increment();
        log.info("Dev token issued for user {} with roles {}", request.userId(), minted.roles());
        return new DevTokenResponse(minted.token(), "Bearer", minted.expiresAt(), minted.roles());
    }

    @GetMapping(path = "/.well-known/jwks.json", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> jwks() {
        return keys.jwks();
    }
}
