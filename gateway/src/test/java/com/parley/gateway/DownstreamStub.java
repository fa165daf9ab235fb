package com.parley.gateway;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.handler.codec.http.HttpResponseStatus;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in for one Parley service (a dependency of the gateway, not the thing under test): answers health
 * and API docs like a service, echoes every other request as JSON (which service, method, path, the
 * Authorization it received) and accepts a WebSocket at /ws. Paths ending in {@code /slow} answer after 30 s,
 * in {@code /busy} after 300 ms (so many calls are in flight at once), in {@code /bad-gateway} 502 and in
 * {@code /conflict} 409 (a lost claim).
 */
final class DownstreamStub implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String name;
    private final DisposableServer server;
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

    private DownstreamStub(String name) {
        this.name = name;
        this.server = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes
                        .get("/actuator/health", (request, response) -> json(response, Map.of("status", "UP")))
                        .get("/v3/api-docs", (request, response) -> json(response, apiDocs()))
                        .ws("/ws", (in, out) -> out.sendString(Mono.just(JSON.writeValueAsString(Map.of(
                                "service", name,
                                "authorization", String.valueOf(in.headers().get("Authorization")))))))
                        .route(request -> true, this::echo))
                .bindNow();
    }

    static DownstreamStub start(String name) {
        return new DownstreamStub(name);
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    int hits(String path) {
        return hits.getOrDefault(path, new AtomicInteger()).get();
    }

    private Mono<Void> echo(HttpServerRequest request, HttpServerResponse response) {
        String path = request.fullPath();
        hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        return request.receive().aggregate().asString().defaultIfEmpty("").flatMap(body -> {
            Map<String, Object> echo = new LinkedHashMap<>();
            echo.put("service", name);
            echo.put("method", request.method().name());
            echo.put("path", path);
            echo.put("query", URI.create(request.uri()).getRawQuery());
            echo.put("authorization", request.requestHeaders().get("Authorization"));
            echo.put("cookie", request.requestHeaders().get("Cookie"));
            echo.put("bodyLength", body.length());
            if (path.endsWith("/slow")) {
                return Mono.delay(Duration.ofSeconds(30)).then(json(response, echo));
            }
            if (path.endsWith("/busy")) {
                return Mono.delay(Duration.ofMillis(300)).then(json(response, echo));
            }
            if (path.endsWith("/conflict")) {
                return json(response.status(HttpResponseStatus.CONFLICT), echo);
            }
            if (path.endsWith("/bad-gateway")) {
                return json(response.status(HttpResponseStatus.BAD_GATEWAY), echo);
            }
            return json(response, echo);
        });
    }

    private Map<String, Object> apiDocs() {
        return Map.of(
                "openapi", "3.1.0",
                "info", Map.of("title", name + "-service", "version", "v1"),
                "servers", java.util.List.of(Map.of("url", url().toString())),
                "paths", Map.of("/api/" + name + "-only", Map.of("get", Map.of("operationId", name + "Get",
                        "responses", Map.of("200", Map.of("description", "ok"))))),
                "components", Map.of("schemas", Map.of(
                        "ProblemDetail", Map.of("type", "object"),
                        name + "Thing", Map.of("type", "object"))));
    }

    private static Mono<Void> json(HttpServerResponse response, Object body) {
        return response.header("Content-Type", "application/json")
                .sendString(Mono.just(JSON.writeValueAsString(body))).then();
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
