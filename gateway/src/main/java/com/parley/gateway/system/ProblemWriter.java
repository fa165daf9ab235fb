package com.parley.gateway.system;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import com.parley.events.text.Language;
import com.parley.events.text.TextCatalogue;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes RFC 9457 problem details ({@code application/problem+json}, with a stable {@code code}) straight to
 * the response, the same shape the services produce. Used by filters, security handlers and the error
 * handler, where no controller runs.
 */
@Component
public class ProblemWriter {

    public static final String TYPE_PREFIX = "https://parley.dev/problems/";

    private final JsonMapper json = JsonMapper.builder().build();

    public Mono<Void> write(ServerWebExchange exchange, HttpStatusCode status, String code, String detail) {
        return write(exchange, status, code, detail, Map.of());
    }

    public Mono<Void> write(ServerWebExchange exchange, HttpStatusCode status, String code, String detail,
                            Map<String, ?> properties) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            // nothing sane can be written any more; the connection is closed by the caller's error signal
            return Mono.empty();
        }
        byte[] body = json.writeValueAsBytes(body(exchange, status, code, detail, properties));
        HttpHeaders headers = response.getHeaders();
        // a proxied response may have left its own entity headers behind before failing
        headers.remove(HttpHeaders.CONTENT_ENCODING);
        headers.remove(HttpHeaders.TRANSFER_ENCODING);
        response.setStatusCode(status);
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        headers.setContentLength(body.length);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }

    static Map<String, Object> body(ServerWebExchange exchange, HttpStatusCode status, String code, String detail,
                                    Map<String, ?> properties) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_PREFIX + code);
        HttpStatus known = HttpStatus.resolve(status.value());
        body.put("title", known != null ? known.getReasonPhrase() : "HTTP " + status.value());
        body.put("status", status.value());
        body.put("detail", localized(exchange, code, detail, properties));
        body.put("instance", originalPath(exchange));
        body.put("code", code);
        body.putAll(properties);
        return body;
    }

    /** The catalogue's text for the code in the caller's language (Accept-Language, else Vietnamese). */
    private static String localized(ServerWebExchange exchange, String code, String detail, Map<String, ?> properties) {
        if (!TextCatalogue.has("problem." + code)) {
            return detail;
        }
        Language language = Language.fromAcceptLanguage(
                exchange.getRequest().getHeaders().getFirst(HttpHeaders.ACCEPT_LANGUAGE));
        exchange.getResponse().getHeaders().set(HttpHeaders.CONTENT_LANGUAGE, language.tag());
        return TextCatalogue.render("problem." + code, properties, language);
    }

    /** The path the client asked for, also when the gateway forwarded the exchange (circuit breaker fallback). */
    private static String originalPath(ServerWebExchange exchange) {
        String original = exchange.getAttribute(OriginalPathFilter.ATTRIBUTE);
        return original != null ? original : exchange.getRequest().getPath().value();
    }
}
