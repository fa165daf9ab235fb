package com.parley.testsupport;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import com.parley.events.Role;

/**
 * Signs JWTs the way the platform's auth service (and the local gateway) does: RS256, issuer {@code parley},
 * audience {@code parley-api}, roles in {@code roles}. Services under test trust {@link #publicKeyPem()}.
 */
public final class TestTokens {

    public static final String ISSUER = "parley";
    public static final String AUDIENCE = "parley-api";
    private static final KeyPair KEYS = generate();
    private static final KeyPair FORGER = generate();

    private TestTokens() {
    }

    public static String forUser(String id, String name, Role... roles) {
        return sign(KEYS, id, name, List.of(roles), AUDIENCE, Instant.now().plus(Duration.ofHours(1)));
    }

    public static String customer(String id) {
        return forUser(id, "Customer " + id, Role.CUSTOMER);
    }

    public static String staff(String id) {
        return forUser(id, "Staff " + id, Role.STAFF);
    }

    public static String admin(String id) {
        return forUser(id, "Admin " + id, Role.ADMIN);
    }

    public static String expired(String id, Role... roles) {
        return sign(KEYS, id, id, List.of(roles), AUDIENCE, Instant.now().minus(Duration.ofMinutes(10)));
    }

    public static String forged(String id, Role... roles) {
        return sign(FORGER, id, id, List.of(roles), AUDIENCE, Instant.now().plus(Duration.ofHours(1)));
    }

    public static String wrongAudience(String id, Role... roles) {
        return sign(KEYS, id, id, List.of(roles), "someone-else", Instant.now().plus(Duration.ofHours(1)));
    }

    public static String publicKeyPem() {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(KEYS.getPublic().getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----";
    }

    public static RSAPublicKey publicKey() {
        return (RSAPublicKey) KEYS.getPublic();
    }

    private static String sign(KeyPair keys, String id, String name, List<Role> roles, String audience, Instant expiry) {
        try {
            JWTClaimsSet claims = new JWTClaimsSet.Builder()
                    .issuer(ISSUER)
                    .audience(audience)
                    .subject(id)
                    .claim("name", name)
                    .claim("roles", roles.stream().map(Role::name).toList())
                    .issueTime(Date.from(Instant.now().minusSeconds(5)))
                    .expirationTime(Date.from(expiry))
                    .build();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("test").build(), claims);
            jwt.sign(new RSASSASigner((RSAPrivateKey) keys.getPrivate()));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String rolesOf(Role... roles) {
        return String.join(",", Arrays.stream(roles).map(Role::name).toList());
    }
}
