package com.parley.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;

import com.parley.events.Role;
import com.parley.testsupport.InfrastructureInitializer;
import com.parley.testsupport.TestHttp;
import com.parley.testsupport.TestTokens;

import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The gateway as production runs it: no local profile, tokens from "the platform's auth service" (a stub
 * publishing {@link TestTokens}' key as a JWKS). No key generation, no dev tokens, no JWKS of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = InfrastructureInitializer.class)
class WithoutLocalProfileTests {

    private static final DisposableServer AUTH_SERVICE = HttpServer.create().host("127.0.0.1").port(0)
            .route(routes -> routes.get("/.well-known/jwks.json", (request, response) -> response
                    .header("Content-Type", "application/json")
                    .sendString(Mono.just(new JWKSet(new RSAKey.Builder(TestTokens.publicKey())
                            .keyID("test").keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).build())
                            .toString()))))
            .bindNow();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("parley.gateway.jwt.jwk-set-uri",
                () -> "http://127.0.0.1:" + AUTH_SERVICE.port() + "/.well-known/jwks.json");
        registry.add("parley.gateway.services.conversation.url", () -> Downstreams.CONVERSATION.url());
        registry.add("parley.gateway.services.messaging.url", () -> Downstreams.MESSAGING.url());
        registry.add("parley.gateway.services.realtime.url", () -> Downstreams.REALTIME.url());
        registry.add("parley.gateway.services.notification.url", () -> Downstreams.STOPPED_NOTIFICATION);
    }

    @AfterAll
    static void stopAuthService() {
        AUTH_SERVICE.disposeNow();
    }

    @Test
    void devTokenEndpointDoesNotExist() {
        TestHttp.Response anonymous = TestHttp.at(port).post("/api/dev/tokens",
                Map.of("userId", "x", "roles", new String[] {"ADMIN"}));
        TestHttp.Response withToken = TestHttp.at(port).as(TestTokens.admin("a1")).post("/api/dev/tokens",
                Map.of("userId", "x", "roles", new String[] {"ADMIN"}));

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(withToken.status()).isEqualTo(404);
        assertThat(withToken.code()).isEqualTo("not_found");
    }

    @Test
    void theDemoShopsLoginIsNotOfferedAndPagesMayCallOnlyThisOrigin() {
        TestHttp.Response config = TestHttp.at(port).get("/demo-shop/config.json");

        assertThat(config.status()).isEqualTo(404);
        assertThat(config.header("Content-Security-Policy").orElseThrow()).contains("connect-src 'self';");
    }

    @Test
    void jwksEndpointDoesNotExist() {
        assertThat(TestHttp.at(port).get("/.well-known/jwks.json").status()).isEqualTo(404);
    }

    @Test
    void tokensOfTheAuthServiceAreAcceptedAndRelayed() {
        String token = TestTokens.customer("c9");

        TestHttp.Response response = TestHttp.at(port).as(token).get("/api/conversations/c1/messages");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().path("service").asString()).isEqualTo("messaging");
        assertThat(response.json().path("authorization").asString()).isEqualTo("Bearer " + token);
    }

    @Test
    void forgedExpiredAndWrongAudienceTokensAreRejected() {
        for (String token : new String[] {TestTokens.forged("c9", Role.CUSTOMER),
                TestTokens.expired("c9", Role.CUSTOMER), TestTokens.wrongAudience("c9", Role.CUSTOMER)}) {
            TestHttp.Response response = TestHttp.at(port).as(token).get("/api/conversations/c1");

            assertThat(response.status()).as(response.toString()).isEqualTo(401);
            assertThat(response.code()).isEqualTo("unauthenticated");
        }
    }
}
