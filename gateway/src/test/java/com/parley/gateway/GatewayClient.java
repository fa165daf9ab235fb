package com.parley.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import com.parley.testsupport.TestHttp;

/**
 * HTTP against the gateway as one client machine: every request carries this client's own address in
 * X-Forwarded-For (the test gateway trusts one proxy hop), so each test has its own per-IP rate limit bucket
 * and tests cannot throttle each other.
 */
final class GatewayClient {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private final String baseUrl;
    private final String clientIp;
    private final String token;

    private GatewayClient(String baseUrl, String clientIp, String token) {
        this.baseUrl = baseUrl;
        this.clientIp = clientIp;
        this.token = token;
    }

    /** A client with an address of its own. */
    static GatewayClient at(int port) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String ip = "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(1, 255);
        return new GatewayClient("http://127.0.0.1:" + port, ip, null);
    }

    GatewayClient as(String bearerToken) {
        return new GatewayClient(baseUrl, clientIp, bearerToken);
    }

    String clientIp() {
        return clientIp;
    }

    String baseUrl() {
        return baseUrl;
    }

    TestHttp.Response get(String path) {
        return send(request(path).GET());
    }

    TestHttp.Response post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    TestHttp.Response put(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("X-Forwarded-For", clientIp);
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    TestHttp.Response send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new TestHttp.Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException("HTTP call failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
