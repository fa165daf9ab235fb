package com.parley.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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

    /**
     * A browser or fetch() sends the whole body before it reads the answer; if the gateway closes while the body
     * is still arriving, the client gets a connection reset instead of the 413. Many at once, as on a loaded
     * machine: every client must read the problem, and its connection must stay usable.
     */
    @Test
    void manyConcurrentOversizedBodiesEachReadThe413() throws Exception {
        byte[] body = ("{\"content\":\"" + "x".repeat(2_000_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        URI base = URI.create(client().baseUrl());
        String token = devToken("CUSTOMER");
        try (ExecutorService clients = Executors.newFixedThreadPool(16)) {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                answers.add(clients.submit(() -> sendRawThenReadTwice(base, token, body)));
            }
            for (Future<String> answer : answers) {
                assertThat(answer.get()).startsWith("HTTP/1.1 413").contains("payload_too_large")
                        .contains("application/problem+json").contains("SECOND HTTP/1.1 ");
            }
        }
    }

    /** Writes the whole request as a client would, then reads the answer, then asks again on the same socket. */
    private static String sendRawThenReadTwice(URI base, String token, byte[] body) throws Exception {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            String ip = "10.9." + (int) (Math.random() * 250) + "." + (int) (Math.random() * 250 + 1);
            out.write(("POST /api/conversations/too-big/messages HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + token + "\r\nX-Forwarded-For: " + ip + "\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            String first = readResponse(in);
            out.write(("GET /api/dev/tokens HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-For: " + ip + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String second = readResponse(in);
            return first + "\nSECOND " + second.lines().findFirst().orElse("");
        }
    }

    private static String readResponse(InputStream in) throws Exception {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IllegalStateException("connection closed after: " + head);
            }
            head.append((char) b);
        }
        int length = head.toString().lines().filter(l -> l.toLowerCase().startsWith("content-length:"))
                .map(l -> Integer.parseInt(l.substring(15).trim())).findFirst().orElse(0);
        return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
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
