package com.parley.gateway.routing;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;

import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Spreads WebSocket connections over several realtime nodes when the gateway is given more than one address
 * ({@code parley.gateway.services.realtime.instances}; the local stack runs two nodes with no load balancer in
 * front). Round robin over the nodes whose readiness answered UP at the last check (every second); not sticky,
 * because nothing a socket needs lives on one node (registry, members and resume buffer are in Redis), and a
 * socket stays on its node for its whole life anyway. When a node dies or freezes, new connections go to the
 * others within about a second; clients of the dead node reconnect and {@code resume}. When no node looks
 * ready, it still tries them in turn (the check may be what is failing).
 *
 * <p>With one address this filter does nothing: production puts its own load balancer behind that address.
 */
final class WebSocketBalancer implements GatewayFilter, DisposableBean {

    static final Duration CHECK_EVERY = Duration.ofSeconds(1);
    static final Duration CHECK_TIMEOUT = Duration.ofMillis(800);
    private static final Logger log = LoggerFactory.getLogger(WebSocketBalancer.class);

    private final List<URI> instances;
    private final Map<URI, Boolean> ready = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger();
    private final MeterRegistry meters;
    private final Disposable checks;

    WebSocketBalancer(List<URI> instances, WebClient client, MeterRegistry meters) {
        this.instances = List.copyOf(instances);
        this.meters = meters;
        this.instances.forEach(instance -> ready.put(instance, true));
        this.checks = balancing() ? watch(client) : null;
    }

    /** More than one node to choose from. */
    boolean balancing() {
        return instances.size() > 1;
    }

    @Override
    public void destroy() {
        if (checks != null) {
            checks.dispose();
        }
    }

    private Disposable watch(WebClient client) {
        return Flux.interval(Duration.ZERO, CHECK_EVERY)
                .flatMap(tick -> Flux.fromIterable(instances).flatMap(instance -> check(client, instance)))
                .subscribe();
    }

    private Mono<Void> check(WebClient client, URI instance) {
        return client.get().uri(instance.resolve("/actuator/health/readiness"))
                .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().is2xxSuccessful()))
                .timeout(CHECK_TIMEOUT)
                .onErrorResume(e -> Mono.just(false))
                .doOnNext(up -> {
                    Boolean before = ready.put(instance, up);
                    if (!up.equals(before)) {
                        log.info("Realtime node {} is {} for new WebSocket connections", instance,
                                up ? "back" : "out");
                    }
                })
                .then();
    }

    /** The nodes whose last readiness check answered UP (all of them until checked). */
    List<URI> readyNodes() {
        return instances.stream().filter(instance -> ready.getOrDefault(instance, true)).toList();
    }

    /** The node for the next connection. */
    URI choose() {
        List<URI> candidates = readyNodes();
        List<URI> from = candidates.isEmpty() ? instances : candidates;
        return from.get(Math.floorMod(next.getAndIncrement(), from.size()));
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        URI routed = exchange.getRequiredAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR);
        URI node = choose();
        String scheme = "https".equalsIgnoreCase(node.getScheme()) ? "wss" : "ws";
        URI target = UriComponentsBuilder.fromUri(routed).scheme(scheme).host(node.getHost()).port(node.getPort())
                .build(true).toUri();
        exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR, target);
        meters.counter("parley.gateway.websocket.routed", "node", node.getAuthority()).increment();
        return chain.filter(exchange);
    }
}
