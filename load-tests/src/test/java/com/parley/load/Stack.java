package com.parley.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The running stack under test (PARLEY_URL, default http://localhost:8080) and the set-up calls a scenario makes
 * before its measured part: tokens from the local stack's dev-token endpoint, tickets to chat in. Every simulated
 * person has a client address of their own (X-Forwarded-For; the stack runs with TRUSTED_PROXY_HOPS=1), so the
 * gateway's per-address limit applies per person as it would in production.
 */
final class Stack {

    static final String URL = System.getProperty("parley.url",
            System.getenv().getOrDefault("PARLEY_URL", "http://localhost:8080"));
    static final String WS_URL = URL.replaceFirst("^http", "ws");
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();

    private Stack() {
    }

    /** A person: id, token, own client address. */
    record Person(String id, String name, String token, String ip) {
    }

    static int intProperty(String name, int fallback) {
        return Integer.parseInt(System.getProperty(name, String.valueOf(fallback)));
    }

    /** A distinct address per person: 10.a.b.c from a run-unique prefix and the index. */
    static String ip(int group, int index) {
        return "10." + group + "." + (index / 250) + "." + (index % 250 + 1);
    }

    static Person person(String role, String id, String name, String ip) {
        JsonNode minted = call("POST", "/api/dev/tokens", null, ip,
                "{\"userId\":\"" + id + "\",\"name\":\"" + name + "\",\"roles\":[\"" + role + "\"]}", 200);
        return new Person(id, name, minted.path("token").asText(), ip);
    }

    /** Many people (or tickets …) made in parallel, in index order. */
    static <T> List<T> parallel(int count, IntFunction<T> make) {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> make.apply(index)));
            }
            List<T> all = new ArrayList<>();
            for (Future<T> f : futures) {
                all.add(f.get());
            }
            return all;
        } catch (Exception e) {
            throw new IllegalStateException("Set-up failed: " + e.getMessage(), e);
        } finally {
            pool.shutdownNow();
        }
    }

    static JsonNode call(String method, String path, String token, String ip, String body, int expected) {
        for (int attempt = 1; ; attempt++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(URL + path))
                    .timeout(Duration.ofSeconds(30)).header("X-Forwarded-For", ip)
                    .header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            try {
                HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 429 && attempt < 20) {
                    Thread.sleep(1_000);
                    continue;
                }
                if (response.statusCode() != expected) {
                    throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                            + response.body());
                }
                return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(method + " " + path + ": " + e, e);
            }
        }
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            return JSON.nullNode();
        }
    }
}
