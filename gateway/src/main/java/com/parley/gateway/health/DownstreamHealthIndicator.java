package com.parley.gateway.health;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.reactive.function.client.WebClient;

import reactor.core.publisher.Mono;

/**
 * One service behind the gateway, as a health component: UP when its own {@code /actuator/health} answers UP
 * within a short timeout, DOWN when it answers anything else or cannot be reached.
 */
final class DownstreamHealthIndicator implements ReactiveHealthIndicator {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT =
            new ParameterizedTypeReference<>() { };

    private final URI healthUri;
    private final WebClient client;
    private final Duration timeout;

    DownstreamHealthIndicator(URI baseUrl, WebClient client, Duration timeout) {
        this.healthUri = baseUrl.resolve("/actuator/health");
        this.client = client;
        this.timeout = timeout;
    }

    @Override
    public Mono<Health> health() {
        return client.get().uri(healthUri)
                .exchangeToMono(response -> response.bodyToMono(JSON_OBJECT)
                        .onErrorResume(e -> Mono.empty())
                        .defaultIfEmpty(Map.of())
                        .map(body -> {
                            Object status = body.getOrDefault("status", "UNKNOWN");
                            Health.Builder health = response.statusCode().is2xxSuccessful() && "UP".equals(status)
                                    ? Health.up() : Health.down();
                            return health.withDetail("url", healthUri.toString())
                                    .withDetail("reported", status)
                                    .withDetail("httpStatus", response.statusCode().value())
                                    .build();
                        }))
                .timeout(timeout)
                .onErrorResume(e -> Mono.just(Health.down()
                        .withDetail("url", healthUri.toString())
                        .withDetail("error", e.getClass().getSimpleName()
                                + (e.getMessage() != null ? ": " + e.getMessage() : ""))
                        .build()));
    }
}
