package com.parley.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import com.parley.events.Role;
import com.parley.testsupport.TestHttp;
import com.parley.testsupport.TestTokens;

/** Every token the gateway must not accept, on REST and on the WebSocket handshake. */
class TokenValidationTests extends GatewayIntegrationTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"forged", "expired", "wrong-audience", "wrong-issuer", "garbage", "none"})
    void badTokensAreRejectedOnRest(String kind) {
        GatewayClient client = client();
        TestHttp.Response response = (kind.equals("none") ? client : client.as(token(kind)))
                .get("/api/conversations/rejected-" + kind);

        assertThat(response.status()).as(response.toString()).isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.code()).isEqualTo("unauthenticated");
        assertThat(response.header("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(Downstreams.CONVERSATION.hits("/api/conversations/rejected-" + kind)).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"forged", "expired", "wrong-audience", "wrong-issuer", "garbage"})
    void badTokensAreRejectedOnTheWebSocket(String kind) {
        WebSockets.Outcome outcome = WebSockets.open(client(), "?access_token=" + token(kind));

        assertThat(outcome.refusedWithStatus()).isEqualTo(401);
    }

    @Test
    void webSocketWithoutTokenIsRejected() {
        assertThat(WebSockets.open(client(), "").refusedWithStatus()).isEqualTo(401);
    }

    @Test
    void validTokenOpensTheWebSocketAndRealtimeGetsItAsBearer() {
        String token = devToken("STAFF");

        WebSockets.Outcome outcome = WebSockets.open(client(), "?access_token=" + token);

        assertThat(outcome.opened()).isTrue();
        assertThat(outcome.firstFrame()).contains("\"service\":\"realtime\"").contains("Bearer " + token);
    }

    @Test
    void restDoesNotTakeTheTokenFromTheUrl() {
        String token = devToken("CUSTOMER");

        TestHttp.Response response = client().get("/api/conversations/abc?access_token=" + token);

        assertThat(response.status()).isEqualTo(401);
    }

    private String token(String kind) {
        Instant inAnHour = Instant.now().plus(Duration.ofHours(1));
        return switch (kind) {
            case "forged" -> TestTokens.forged("mallory", Role.ADMIN);
            case "expired" -> signedByGateway("parley", "parley-api", Instant.now().minus(Duration.ofMinutes(10)));
            case "wrong-audience" -> signedByGateway("parley", "someone-else", inAnHour);
            case "wrong-issuer" -> signedByGateway("evil", "parley-api", inAnHour);
            case "garbage" -> "not.a.jwt";
            default -> throw new IllegalArgumentException(kind);
        };
    }
}
