package com.parley.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small HTTP client for tests: real HTTP against the running service, JSON in and out, safe to share across
 * threads (concurrency tests fire it from many at once).
 */
public final class TestHttp {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Tests read English unless they ask otherwise ({@link #acceptLanguage}); the services default to Vietnamese. */
    static final String DEFAULT_LANGUAGE = "en";

    private final String baseUrl;
    private final String token;
    private final String language;

    private TestHttp(String baseUrl, String token, String language) {
        this.baseUrl = baseUrl;
        this.token = token;
        this.language = language;
    }

    public static TestHttp at(int port) {
        return new TestHttp("http://127.0.0.1:" + port, null, DEFAULT_LANGUAGE);
    }

    public static TestHttp at(String baseUrl) {
        return new TestHttp(baseUrl, null, DEFAULT_LANGUAGE);
    }

    /** The same client, sending {@code Authorization: Bearer token}. */
    public TestHttp as(String token) {
        return new TestHttp(baseUrl, token, language);
    }

    /** The same client, sending {@code Accept-Language: tag}; null sends none (the server's default applies). */
    public TestHttp acceptLanguage(String tag) {
        return new TestHttp(baseUrl, token, tag);
    }

    public Response get(String path) {
        return send(request(path).GET());
    }

    public Response delete(String path) {
        return send(request(path).DELETE());
    }

    public Response post(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json").POST(bodyOf(body)));
    }

    public Response put(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json").PUT(bodyOf(body)));
    }

    public Response patch(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json").method("PATCH", bodyOf(body)));
    }

    /** Any request, e.g. a multipart upload built by the test. */
    public Response send(HttpRequest.Builder builder) {
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        if (language != null) {
            builder.setHeader("Accept-Language", language);
        }
        try {
            HttpResponse<String> response = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException("HTTP call failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
    }

    private static HttpRequest.BodyPublisher bodyOf(Object body) {
        if (body == null) {
            return HttpRequest.BodyPublishers.noBody();
        }
        String json = body instanceof String s ? s : JSON.writeValueAsString(body);
        return HttpRequest.BodyPublishers.ofString(json);
    }

    /** A response; {@link #json()} parses the body lazily. */
    public record Response(int status, HttpHeaders headers, String body) {

        public JsonNode json() {
            return body == null || body.isBlank() ? JSON.missingNode() : JSON.readTree(body);
        }

        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        /** The problem detail's stable {@code code}, for error assertions. */
        public String code() {
            return json().path("code").asString();
        }

        public String contentType() {
            return header("Content-Type").orElse("");
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
