package com.parley.gateway.routing;

import java.util.Map;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import com.parley.gateway.system.GatewayProperties;
import com.parley.gateway.system.ProblemWriter;

/**
 * Where a route's circuit breaker sends a call that failed (service down, refused, too slow) or was not
 * attempted (breaker open): a 503 problem with {@code Retry-After}, at once, instead of a hanging request.
 * Reached only by the gateway's internal forward; from outside, {@code /internal/**} is denied.
 */
@RestController
class FallbackController {

    private static final Logger log = LoggerFactory.getLogger(FallbackController.class);

    private final ProblemWriter problems;
    private final GatewayProperties properties;
    private final MeterRegistry meters;

    FallbackController(ProblemWriter problems, GatewayProperties properties, MeterRegistry meters) {
        this.problems = problems;
        this.properties = properties;
        this.meters = meters;
    }

    @RequestMapping(RoutesConfiguration.FALLBACK_PATH + "{service}")
    Mono<Void> serviceUnavailable(@PathVariable String service, ServerWebExchange exchange) {
        Throwable cause = exchange.getAttribute(ServerWebExchangeUtils.CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR);
        String reason = reasonOf(cause);
        long retryAfter = "open".equals(reason)
                ? properties.resilience().openFor().toSeconds()
                : properties.resilience().retryAfter().toSeconds();
        meters.counter("parley.gateway.fallbacks", "service", service, "reason", reason).increment();
        log.warn("{}-service unavailable for {} {}: {} ({})", service, exchange.getRequest().getMethod(),
                exchange.getRequest().getPath(), reason, cause == null ? "-" : cause.toString());
        exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, retryAfter)));
        return problems.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, "service_unavailable",
                "The " + service + " service is temporarily unavailable; try again shortly",
                Map.of("service", service));
    }

    private static String reasonOf(Throwable cause) {
        if (cause instanceof CallNotPermittedException) {
            return "open";
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException) {
                return "timeout";
            }
            if (t instanceof java.net.ConnectException) {
                return "unreachable";
            }
            if (t instanceof org.springframework.web.server.ResponseStatusException rse
                    && rse.getStatusCode().value() == HttpStatus.GATEWAY_TIMEOUT.value()) {
                return "timeout";
            }
        }
        return "error";
    }
}
