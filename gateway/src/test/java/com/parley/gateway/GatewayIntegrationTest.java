package com.parley.gateway;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import com.parley.gateway.devtoken.LocalSigningKeysAccess;
import com.parley.gateway.devtoken.LocalSigningKeys;
import com.parley.testsupport.InfrastructureInitializer;

/**
 * The gateway as the local stack runs it (profile {@code local}: own key pair, dev tokens), on a random port,
 * with the shared Redis and stub services behind it. Every subclass shares this one context; limits are small
 * so tests can reach them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "parley.gateway.jwt.key-directory=target/test-jwt",
        "parley.gateway.services.conversation.timeout=1s",
        "parley.gateway.rate-limit.per-user.replenish-per-second=2",
        "parley.gateway.rate-limit.per-user.burst=4",
        "parley.gateway.rate-limit.per-ip.replenish-per-second=5",
        "parley.gateway.rate-limit.per-ip.burst=15",
        "parley.gateway.rate-limit.trusted-proxy-hops=1",
        "parley.gateway.limits.max-body=1KB",
        "parley.gateway.limits.max-upload=4KB",
        "parley.gateway.cors.allowed-origins=https://shop.example,https://seller.example",
        "parley.gateway.resilience.retry-after=3s"})
@ContextConfiguration(initializers = InfrastructureInitializer.class)
@ActiveProfiles("local")
abstract class GatewayIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    LocalSigningKeys gatewayKeys;

    @DynamicPropertySource
    static void downstreams(DynamicPropertyRegistry registry) {
        registry.add("parley.gateway.services.conversation.url", () -> Downstreams.CONVERSATION.url());
        registry.add("parley.gateway.services.messaging.url", () -> Downstreams.MESSAGING.url());
        registry.add("parley.gateway.services.realtime.url", () -> Downstreams.REALTIME.url());
        registry.add("parley.gateway.services.notification.url", () -> Downstreams.STOPPED_NOTIFICATION);
        registry.add("parley.gateway.sign-in.issuer-uri", FakeIdentityProvider.INSTANCE::issuer);
        registry.add("parley.gateway.sign-in.client-secret", () -> "test-secret");
    }

    GatewayClient client() {
        return GatewayClient.at(port);
    }

    /** A dev token from the gateway's own endpoint, for a fresh user id. */
    String devToken(String role) {
        return devToken("u-" + UUID.randomUUID(), role);
    }

    String devToken(String userId, String role) {
        var response = client().post("/api/dev/tokens",
                "{\"userId\":\"" + userId + "\",\"name\":\"Test " + role + "\",\"roles\":[\"" + role + "\"]}");
        if (response.status() != 200) {
            throw new IllegalStateException("No dev token: " + response);
        }
        return response.json().path("token").asString();
    }

    /** A token signed with the gateway's own key but with claims of the test's choosing. */
    String signedByGateway(String issuer, String audience, Instant expiry) {
        try {
            JWTClaimsSet claims = new JWTClaimsSet.Builder()
                    .issuer(issuer)
                    .audience(audience)
                    .subject("u-" + UUID.randomUUID())
                    .claim("name", "Someone")
                    .claim("roles", List.of("CUSTOMER"))
                    .issueTime(Date.from(expiry.minus(Duration.ofHours(1))))
                    .expirationTime(Date.from(expiry))
                    .build();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(gatewayKeys.keyId()).build(),
                    claims);
            jwt.sign(new RSASSASigner(LocalSigningKeysAccess.privateKey(gatewayKeys)));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
