package com.parley.gateway.devtoken;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.http.HttpStatus;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import com.parley.events.Role;
import com.parley.gateway.system.ApiProblem;
import com.parley.gateway.system.GatewayProperties;

/** Signs dev tokens exactly as the platform's auth service would: RS256, issuer, audience, sub, name, roles. */
class DevTokenMinter {

    private final LocalSigningKeys keys;
    private final GatewayProperties.Jwt settings;
    private final Clock clock;

    DevTokenMinter(LocalSigningKeys keys, GatewayProperties.Jwt settings, Clock clock) {
        this.keys = keys;
        this.settings = settings;
        this.clock = clock;
    }

    record Minted(String token, Instant expiresAt, List<Role> roles) {
    }

    Minted mint(DevTokenRequest request) {
        List<Role> roles = parseRoles(request.roles());
        Instant now = clock.instant();
        Instant expiresAt = now.plus(settings.devTokenTtl());
        String name = request.name() == null || request.name().isBlank() ? request.userId() : request.name().strip();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(settings.issuer())
                .audience(settings.audience())
                .subject(request.userId())
                .claim("name", name)
                .claim("roles", roles.stream().map(Role::name).toList())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(expiresAt))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(keys.keyId()).type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(new RSASSASigner(keys.privateKey()));
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign a dev token", e);
        }
        return new Minted(jwt.serialize(), expiresAt, roles);
    }

    private static List<Role> parseRoles(List<String> requested) {
        Set<Role> roles = new LinkedHashSet<>();
        List<Map<String, String>> errors = new ArrayList<>();
        for (int i = 0; i < requested.size(); i++) {
            String raw = requested.get(i).strip().toUpperCase(Locale.ROOT);
            try {
                roles.add(Role.valueOf(raw));
            } catch (IllegalArgumentException e) {
                errors.add(Map.of("field", "roles[" + i + "]",
                        "message", "unknown role; one of " + List.of(Role.values())));
            }
        }
        if (!errors.isEmpty()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "validation_failed", "The request has invalid fields",
                    Map.of("errors", errors));
        }
        return List.copyOf(roles);
    }
}
