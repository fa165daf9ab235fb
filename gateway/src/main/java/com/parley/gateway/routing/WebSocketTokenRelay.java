package com.parley.gateway.routing;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * Browsers send the WebSocket token as {@code ?access_token=}; the gateway has verified it, and hands it to
 * realtime-service also as an Authorization header, so the service can read it like any other bearer token.
 * The query parameter stays as it is.
 */
final class WebSocketTokenRelay implements GatewayFilter {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        String token = exchange.getRequest().getQueryParams().getFirst("access_token");
        if (headers.containsHeader(HttpHeaders.AUTHORIZATION) || token == null || token.isBlank()) {
            return chain.filter(exchange);
        }
        return chain.filter(exchange.mutate()
                .request(request -> request.headers(h -> h.setBearerAuth(token)))
                .build());
    }
}
