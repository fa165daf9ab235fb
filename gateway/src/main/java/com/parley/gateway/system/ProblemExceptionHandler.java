package com.parley.gateway.system;

import java.net.ConnectException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.WebExceptionHandler;

import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

/**
 * Every error the gateway itself produces becomes a problem detail with a stable {@code code}; never a stack
 * trace, never Spring's default error JSON. Runs before Boot's own handler (order -1). Responses that come
 * from a service pass through untouched: they are not errors here.
 */
@Component
@Order(-2)
public class ProblemExceptionHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);

    private final ProblemWriter problems;
    private final GatewayProperties properties;
    private final MeterRegistry meters;

    public ProblemExceptionHandler(ProblemWriter problems, GatewayProperties properties, MeterRegistry meters) {
        this.problems = problems;
        this.properties = properties;
        this.meters = meters;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(error);
        }
        Problem problem = describe(error);
        meters.counter("parley.gateway.problems", "code", problem.code()).increment();
        if (problem.status().is5xxServerError()) {
            log.warn("{} {} failed: {} ({})", exchange.getRequest().getMethod(), exchange.getRequest().getPath(),
                    problem.code(), error.toString());
        } else {
            log.debug("{} {} refused: {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(),
                    problem.code());
        }
        if (problem.status().value() == HttpStatus.INTERNAL_SERVER_ERROR.value()) {
            log.error("Unexpected error", error);
        }
        if (problem.status().value() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
            exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER,
                    String.valueOf(properties.resilience().retryAfter().toSeconds()));
        }
        return problems.write(exchange, problem.status(), problem.code(), problem.detail(), problem.properties());
    }

    private record Problem(HttpStatusCode status, String code, String detail, Map<String, ?> properties) {

        Problem(HttpStatusCode status, String code, String detail) {
            this(status, code, detail, Map.of());
        }
    }

    private Problem describe(Throwable error) {
        return switch (error) {
            case ApiProblem p -> new Problem(p.status(), p.code(), p.getMessage(), p.properties());
            case WebExchangeBindException e -> new Problem(HttpStatus.BAD_REQUEST, "validation_failed",
                    "The request has invalid fields", Map.of("errors", fieldErrors(e)));
            case ServerWebInputException e -> new Problem(HttpStatus.BAD_REQUEST, "malformed_request",
                    "The request could not be read: " + firstLine(e.getReason()));
            case AuthenticationException e -> new Problem(HttpStatus.UNAUTHORIZED, "unauthenticated",
                    "A valid bearer token is required");
            case AccessDeniedException e -> new Problem(HttpStatus.FORBIDDEN, "forbidden",
                    "You are not allowed to do this");
            case ResponseStatusException e -> fromStatus(e);
            case ConnectException e -> unavailable(); // includes Netty's connect timeout
            case TimeoutException e -> new Problem(HttpStatus.GATEWAY_TIMEOUT, "upstream_timeout",
                    "The service did not answer in time");
            default -> error.getCause() instanceof ConnectException ? unavailable()
                    : new Problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error",
                    "Something went wrong on our side");
        };
    }

    private Problem fromStatus(ResponseStatusException e) {
        HttpStatusCode status = e.getStatusCode();
        String code = switch (status.value()) {
            case 400 -> "malformed_request";
            case 401 -> "unauthenticated";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            case 429 -> "rate_limited";
            case 503 -> "service_unavailable";
            case 504 -> "upstream_timeout";
            default -> status.is5xxServerError() ? "upstream_error" : "http_" + status.value();
        };
        String detail = switch (status.value()) {
            case 404 -> "Nothing here";
            case 503 -> "The service is temporarily unavailable; try again shortly";
            case 504 -> "The service did not answer in time";
            default -> e.getReason() != null ? firstLine(e.getReason()) : status.toString();
        };
        return new Problem(status, code, detail);
    }

    private static Problem unavailable() {
        return new Problem(HttpStatus.SERVICE_UNAVAILABLE, "service_unavailable",
                "The service is temporarily unavailable; try again shortly");
    }

    private static List<Map<String, String>> fieldErrors(WebExchangeBindException e) {
        return e.getFieldErrors().stream()
                .map(f -> Map.of("field", f.getField(),
                        "message", String.valueOf(f.getDefaultMessage())))
                .toList();
    }

    // decoder messages can quote the offending input at length; keep the answer short
    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        String line = text.lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
