package com.parley.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.parley.testsupport.TestHttp;

/** Each public path reaches the service that owns it, with the caller's token; role gates PRODUCT.md names. */
class RoutingTests extends GatewayIntegrationTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "GET,  /api/conversations,                      conversation",
            "GET,  /api/conversations/c1,                   conversation",
            "POST, /api/conversations/c1/resolve,           conversation",
            "POST, /api/conversations/c1/transfer,          conversation",
            "GET,  /api/chat/threads,                       conversation",
            "GET,  /api/conversations/c1/messages,          messaging",
            "POST, /api/conversations/c1/messages,          messaging",
            "GET,  /api/conversations/c1/messages/m9,       messaging",
            "POST, /api/conversations/c1/read,              messaging",
            "GET,  /api/attachments/a1,                     messaging",
            "POST, /api/attachments,                        messaging",
            "POST, /api/conversations/c1/attachments,       messaging",
            "GET,  /api/admin/moderation/flagged,           messaging",
            "GET,  /api/admin/messages/m1/moderation,       messaging",
            "GET,  /api/conversations/stats,                conversation",
            "GET,  /api/notifications/log,                  notification-down"})
    void pathReachesItsService(String method, String path, String service) {
        String token = devToken("STAFF");
        GatewayClient client = client().as(token);

        TestHttp.Response response = method.equals("GET") ? client.get(path) : client.post(path, "{}");

        if (service.equals("notification-down")) {
            assertThat(response.status()).isEqualTo(503); // routed, but nothing listens there in these tests
            assertThat(response.json().path("service").asString()).isEqualTo("notification");
            return;
        }
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().path("service").asString()).isEqualTo(service);
        assertThat(response.json().path("path").asString()).isEqualTo(path);
        assertThat(response.json().path("authorization").asString()).isEqualTo("Bearer " + token);
    }

    @Test
    void queryStringIsKept() {
        TestHttp.Response response = client().as(devToken("CUSTOMER"))
                .get("/api/conversations/c1/messages?before=42&limit=20");

        assertThat(response.json().path("service").asString()).isEqualTo("messaging");
        assertThat(response.json().path("query").asString()).isEqualTo("before=42&limit=20");
    }

    @Test
    void failedGetIsRetriedOnceButPostIsNot() {
        GatewayClient client = client().as(devToken("STAFF"));

        TestHttp.Response get = client.get("/api/conversations/retry-get/bad-gateway");
        TestHttp.Response post = client.post("/api/conversations/retry-post/bad-gateway", "{}");

        // a 502 counts against the service's breaker; the client is told to come back (503 + Retry-After)
        assertThat(get.status()).isEqualTo(503);
        assertThat(post.status()).isEqualTo(503);
        assertThat(post.header("Retry-After")).isPresent();
        assertThat(Downstreams.CONVERSATION.hits("/api/conversations/retry-get/bad-gateway")).isEqualTo(2);
        assertThat(Downstreams.CONVERSATION.hits("/api/conversations/retry-post/bad-gateway")).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} {1} as {2} -> {3}")
    @CsvSource({
            "POST, /api/conversations,         CUSTOMER, 200",
            "POST, /api/conversations,         BUYER,    200",
            "POST, /api/conversations,         SELLER,   200",
            "POST, /api/conversations,         STAFF,    403",
            "POST, /api/conversations,         ADMIN,    403",
            "PUT,  /api/conversations/c1/seen, STAFF,    200",
            "PUT,  /api/conversations/c1/seen, ADMIN,    200",
            "PUT,  /api/conversations/c1/seen, CUSTOMER, 403",
            "PUT,  /api/conversations/c1/seen, SELLER,   403",
            "POST, /api/chat/threads,          BUYER,    200",
            "POST, /api/chat/threads,          SELLER,   403",
            "POST, /api/chat/threads,          CUSTOMER, 403",
            "GET,  /api/conversations/counts,  CUSTOMER, 200"})
    void roleGatesAtTheGateway(String method, String path, String role, int expected) {
        GatewayClient client = client().as(devToken(role));

        TestHttp.Response response = switch (method) {
            case "GET" -> client.get(path);
            case "PUT" -> client.put(path, "{}");
            default -> client.post(path, "{}");
        };

        assertThat(response.status()).as(response.toString()).isEqualTo(expected);
        if (expected == 403) {
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.code()).isEqualTo("role_not_allowed");
        }
    }

    @Test
    void internalFallbackIsNotReachableFromOutside() {
        TestHttp.Response response = client().as(devToken("ADMIN")).get("/internal/fallback/conversation");

        assertThat(response.status()).isEqualTo(403);
    }

    @Test
    void unknownApiPathIsA404Problem() {
        TestHttp.Response response = client().as(devToken("ADMIN")).get("/api/nothing-here");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.code()).isEqualTo("not_found");
    }

    @Test
    void unknownPageIsA404Problem() {
        TestHttp.Response response = client().get("/no/such/page");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.code()).isEqualTo("not_found");
    }

    @Test
    void webAppIsServedFromTheSameOrigin() {
        TestHttp.Response response = client().get("/");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("text/html");
        assertThat(response.body()).contains("/swagger-ui.html").contains("/api/dev/tokens");
    }
}
