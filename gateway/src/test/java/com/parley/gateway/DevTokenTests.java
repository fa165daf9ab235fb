package com.parley.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;

import com.parley.gateway.devtoken.LocalSigningKeys;

class DevTokenTests extends GatewayIntegrationTest {

    @Test
    void theDemoShopPageLearnsWhereItsLoginIssuesCustomerTokensAndMayCallIt() {
        var config = client().get("/demo-shop/config.json");

        assertThat(config.status()).as(config.toString()).isEqualTo(200);
        String tokenUrl = config.json().path("tokenUrl").asString();
        assertThat(tokenUrl).startsWith("http").endsWith("/storefront/customer-tokens");
        String origin = tokenUrl.substring(0, tokenUrl.indexOf('/', "http://".length()));
        assertThat(config.header("Content-Security-Policy").orElseThrow())
                .contains("connect-src 'self' " + origin + ";");
    }

    @Test
    void mintedTokenIsAcceptedAndRelayedToTheService() {
        var minted = client().post("/api/dev/tokens",
                "{\"userId\":\"c-42\",\"name\":\"Chi\",\"roles\":[\"CUSTOMER\"]}");
        assertThat(minted.status()).as(minted.toString()).isEqualTo(200);
        String token = minted.json().path("token").asString();
        assertThat(minted.json().path("tokenType").asString()).isEqualTo("Bearer");

        var routed = client().as(token).get("/api/conversations/abc");

        assertThat(routed.status()).as(routed.toString()).isEqualTo(200);
        assertThat(routed.json().path("service").asString()).isEqualTo("conversation");
        assertThat(routed.json().path("authorization").asString()).isEqualTo("Bearer " + token);
    }

    @Test
    void tokenCarriesIssuerAudienceSubjectNameAndRoles() throws Exception {
        var minted = client().post("/api/dev/tokens",
                "{\"userId\":\"s-7\",\"name\":\"Sam\",\"roles\":[\"staff\",\"ADMIN\"]}");
        var claims = SignedJWT.parse(minted.json().path("token").asString()).getJWTClaimsSet();

        assertThat(claims.getIssuer()).isEqualTo("parley");
        assertThat(claims.getAudience()).containsExactly("parley-api");
        assertThat(claims.getSubject()).isEqualTo("s-7");
        assertThat(claims.getStringClaim("name")).isEqualTo("Sam");
        assertThat(claims.getStringListClaim("roles")).containsExactly("STAFF", "ADMIN");
        assertThat(claims.getExpirationTime().toInstant())
                .isAfter(claims.getIssueTime().toInstant().plusSeconds(7 * 3600));
    }

    @Test
    void jwksServesTheKeyThatVerifiesDevTokens() throws Exception {
        SignedJWT token = SignedJWT.parse(devToken("BUYER"));

        var jwks = client().get("/.well-known/jwks.json");

        assertThat(jwks.status()).isEqualTo(200);
        JWKSet set = JWKSet.parse(jwks.body());
        RSAKey key = (RSAKey) set.getKeyByKeyId(token.getHeader().getKeyID());
        assertThat(key).as("key with the token's kid").isNotNull();
        assertThat(key.isPrivate()).isFalse();
        assertThat(token.verify(new RSASSAVerifier(key))).isTrue();
    }

    @Test
    void blankUserIdIsRefused() {
        var response = client().post("/api/dev/tokens", "{\"userId\":\"  \",\"roles\":[\"CUSTOMER\"]}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.code()).isEqualTo("validation_failed");
        assertThat(response.body()).contains("userId");
    }

    @Test
    void unknownRoleIsRefused() {
        var response = client().post("/api/dev/tokens", "{\"userId\":\"x\",\"roles\":[\"CUSTOMER\",\"ROOT\"]}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.code()).isEqualTo("validation_failed");
        assertThat(response.body()).contains("roles[1]");
    }

    @Test
    void malformedJsonIsRefused() {
        var response = client().post("/api/dev/tokens", "{\"userId\": ");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.code()).isEqualTo("malformed_request");
    }

    @Test
    void keyPairSurvivesARestart(@TempDir Path directory) {
        RSAPublicKey first = LocalSigningKeys.loadOrCreate(directory.resolve("jwt")).publicKey();
        LocalSigningKeys second = LocalSigningKeys.loadOrCreate(directory.resolve("jwt"));

        assertThat(second.publicKey()).isEqualTo(first);
    }
}
