package com.parley.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;

import com.sun.net.httpserver.HttpServer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class WebSocketBalancerTests {

    @Test
    void oneAddressIsLeftToWhateverBalancesInFrontOfIt() {
        WebSocketBalancer balancer = new WebSocketBalancer(List.of(URI.create("http://127.0.0.1:8083")),
                WebClient.create(), new SimpleMeterRegistry());
        assertThat(balancer.balancing()).isFalse();
        balancer.destroy();
    }

    @Test
    void newConnectionsAlternateOverReadyNodesAndAvoidADeadOne() throws Exception {
        HttpServer live = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        live.createContext("/actuator/health/readiness", exchange -> {
            byte[] body = "{\"status\":\"UP\"}".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        live.start();
        URI liveNode = URI.create("http://127.0.0.1:" + live.getAddress().getPort());
        URI deadNode = URI.create("http://127.0.0.1:" + freePort());
        WebSocketBalancer balancer = new WebSocketBalancer(List.of(liveNode, deadNode), WebClient.create(),
                new SimpleMeterRegistry());
        try {
            assertThat(balancer.balancing()).isTrue();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            Set<URI> chosen;
            do {
                chosen = new HashSet<>();
                for (int i = 0; i < 10; i++) {
                    chosen.add(balancer.choose());
                }
            } while (chosen.contains(deadNode) && System.nanoTime() < deadline);
            assertThat(chosen).containsExactly(liveNode);
        } finally {
            balancer.destroy();
            live.stop(0);
        }
    }

    @Test
    void whenNoNodeLooksReadyItStillTriesThemInTurn() {
        List<URI> nodes = IntStream.range(0, 2).mapToObj(i -> URI.create("http://127.0.0.1:" + freePort())).toList();
        WebSocketBalancer balancer = new WebSocketBalancer(nodes, WebClient.create(), new SimpleMeterRegistry());
        try {
            // Both checks must have failed first: with one node still "ready", choose() rightly prefers it.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(balancer.readyNodes()).isEmpty());
            Set<URI> chosen = new HashSet<>();
            for (int i = 0; i < 4; i++) {
                chosen.add(balancer.choose());
            }
            assertThat(chosen).containsExactlyInAnyOrderElementsOf(nodes);
        } finally {
            balancer.destroy();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
