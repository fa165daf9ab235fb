package com.parley.gateway.signin;

import java.time.Clock;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.micrometer.core.instrument.MeterRegistry;

import reactor.core.publisher.Mono;

/**
 * The absolute timeout: a session ends {@code absoluteTimeout} after it began, however busy (the idle timeout
 * is Spring Session's max inactive interval). Runs before Spring Security, so the request that finds the
 * session too old is already treated as signed out.
 */
final class SessionLifetimeFilter implements WebFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(SessionLifetimeFilter.class);

    private final Duration absoluteTimeout;
    private final MeterRegistry meters;
    private final Clock clock;

    SessionLifetimeFilter(Duration absoluteTimeout, MeterRegistry meters, Clock clock) {
        this.absoluteTimeout = absoluteTimeout;
        this.meters = meters;
        this.clock = clock;
    }

    @Override
    public int getOrder() {
        return -200; // Spring Security's WebFilterChainProxy is at -100
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return exchange.getSession().flatMap(session -> {
            if (session.isStarted() && session.getCreationTime().plus(absoluteTimeout).isBefore(clock.instant())) {
                meters.counter("parley.gateway.sessions.expired", "why", "absolute_timeout").increment();
                log.info("Session {}… reached its absolute timeout of {}", session.getId().substring(0, 6),
                        absoluteTimeout);
                // cleared first: this exchange keeps the same session object for the rest of the request
                session.getAttributes().clear();
                return session.invalidate();
            }
            return Mono.<Void>empty();
        }).then(chain.filter(exchange));
    }
}
