package com.parley.gateway.ratelimit;

import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import com.parley.gateway.system.GatewayProperties;
import com.parley.gateway.system.ProblemWriter;

/**
 * A token bucket in Redis per key (a user, an IP) over the public API and the WebSocket handshake; an empty
 * bucket answers 429 with {@code Retry-After}. Redis being unreachable lets requests through (Spring Cloud
 * Gateway's limiter fails open, and logs it): a rate limit must not turn into an outage.
 */
final class RateLimitFilter implements WebFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(RateLimitFilter.class);
    /** Marks "no key for this request" (e.g. no user yet): skip this limiter. */
    static final String NO_KEY = "";

    private final String name;
    private final RedisRateLimiter limiter;
    private final GatewayProperties.Bucket bucket;
    private final Function<ServerWebExchange, Mono<String>> keyOf;
    private final int order;
    private final ProblemWriter problems;
    private final MeterRegistry meters;

    RateLimitFilter(String name, RedisRateLimiter limiter, GatewayProperties.Bucket bucket,
                    Function<ServerWebExchange, Mono<String>> keyOf, int order, ProblemWriter problems,
                    MeterRegistry meters) {
        this.name = name;
        this.limiter = limiter;
        this.bucket = bucket;
        this.keyOf = keyOf;
        this.order = order;
        this.problems = problems;
        this.meters = meters;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!limited(exchange.getRequest().getPath().pathWithinApplication().value())) {
            return chain.filter(exchange);
        }
        return keyOf.apply(exchange).defaultIfEmpty(NO_KEY).flatMap(key -> {
            if (key.equals(NO_KEY)) {
                return chain.filter(exchange);
            }
            return limiter.isAllowed(name, key).flatMap(response -> response.isAllowed()
                    ? pass(exchange, chain, response)
                    : refuse(exchange, key));
        });
    }

    private Mono<Void> pass(ServerWebExchange exchange, WebFilterChain chain, RateLimiter.Response response) {
        String remaining = response.getHeaders().get(RedisRateLimiter.REMAINING_HEADER);
        if (remaining != null && !remaining.startsWith("-")) {
            // several limiters may pass one request: the client should see the tightest one
            HttpHeaders headers = exchange.getResponse().getHeaders();
            String previous = headers.getFirst(RedisRateLimiter.REMAINING_HEADER);
            if (previous == null || Long.parseLong(remaining) < Long.parseLong(previous)) {
                headers.set(RedisRateLimiter.REMAINING_HEADER, remaining);
            }
        }
        return chain.filter(exchange);
    }

    private Mono<Void> refuse(ServerWebExchange exchange, String key) {
        meters.counter("parley.gateway.rate.limited", "limiter", name).increment();
        log.debug("Rate limit {} reached for {} on {}", name, key, exchange.getRequest().getPath());
        // one token comes back every 1/replenish seconds; Retry-After has whole seconds
        long retryAfter = Math.max(1, (long) Math.ceil(1.0 / bucket.replenishPerSecond()));
        exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfter));
        exchange.getResponse().getHeaders().set(RedisRateLimiter.REMAINING_HEADER, "0");
        return problems.write(exchange, HttpStatus.TOO_MANY_REQUESTS, "rate_limited",
                "Too many requests; slow down and retry after " + retryAfter + " s");
    }

    static boolean limited(String path) {
        return path.startsWith("/api/") || path.equals("/ws") || path.startsWith("/ws/");
    }

    @Override
    public int getOrder() {
        return order;
    }
}
