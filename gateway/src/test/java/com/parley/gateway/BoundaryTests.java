package com.parley.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;

import org.junit.jupiter.api.Test;

import com.parley.testsupport.TestHttp;

/** What the gateway enforces at the edge: body size, CORS for the configured origins, security headers. */
class BoundaryTests extends GatewayIntegrationTest {

    @Test
    void oversizedBodyIsRefusedWith413() {
        String big = "{\"content\":\"" + "x".repeat(2_000) + "\"}"; // limit here: 1 KB

        TestHttp.Response response = client().as(devToken("CUSTOMER")).post("/api/conversations/too-big/messages", big);

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.code()).isEqualTo("payload_too_large");
        assertThat(Downstreams.MESSAGING.hits("/api/conversations/too-big/messages")).isZero();
    }

    @Test
    void oversizedChunkedBodyIsRefusedWith413() {
        GatewayClient client = client().as(devToken("CUSTOMER"));
        byte[] big = ("{\"content\":\"" + "x".repeat(3_000) + "\"}").getBytes();

        TestHttp.Response response = client.send(client.request("/api/conversations/c2/messages")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))));

        assertThat(response.status()).as(response.toString()).isEqualTo(413);
        assertThat(response.code()).isEqualTo("payload_too_large");
        // the unread rest of the body must not stall the client's next request on this connection
        assertThat(response.header("Connection")).hasValue("close");
        assertThat(client.get("/api/dev/tokens").status()).isLessThan(500);
    }

    @Test
    void uploadsMayBeLargerThanJsonBodies() {
        String upload = "{\"data\":\"" + "x".repeat(3_000) + "\"}"; // over 1 KB, under the 4 KB upload limit

        TestHttp.Response response = client().as(devToken("CUSTOMER"))
                .post("/api/conversations/c1/attachments", upload);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("bodyLength").asInt()).isEqualTo(upload.length());
    }

    @Test
    void preflightFromAllowedOriginPasses() {
        TestHttp.Response response = preflight("https://shop.example");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Access-Control-Allow-Origin")).hasValue("https://shop.example");
        assertThat(response.header("Access-Control-Allow-Methods").orElse("")).contains("POST");
        assertThat(response.header("Access-Control-Allow-Headers").orElse("").toLowerCase()).contains("authorization");
    }

    @Test
    void preflightFromOtherOriginIsRefused() {
        TestHttp.Response response = preflight("https://evil.example");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.header("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void crossOriginCallFromAllowedOriginCarriesCorsHeaders() {
        GatewayClient client = client().as(devToken("CUSTOMER"));

        TestHttp.Response response = client.send(client.request("/api/conversations/c1")
                .header("Origin", "https://seller.example").GET());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Access-Control-Allow-Origin")).hasValue("https://seller.example");
    }

    @Test
    void responsesCarrySecurityHeaders() {
        for (TestHttp.Response response : new TestHttp.Response[] {
                client().get("/"),
                client().as(devToken("CUSTOMER")).get("/api/conversations/c1"),
                client().get("/api/conversations/c1")}) {
            assertThat(response.header("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(response.header("X-Frame-Options")).hasValue("DENY");
            assertThat(response.header("Referrer-Policy")).hasValue("strict-origin-when-cross-origin");
            assertThat(response.header("Content-Security-Policy").orElse(""))
                    .contains("default-src 'self'").contains("frame-ancestors 'none'");
        }
    }

    private TestHttp.Response preflight(String origin) {
        GatewayClient client = client();
        return client.send(client.request("/api/conversations")
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    }
}
