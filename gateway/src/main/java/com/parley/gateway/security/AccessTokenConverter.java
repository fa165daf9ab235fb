package com.parley.gateway.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * Finds the bearer token: in the Authorization header everywhere, and also in the {@code access_token} query
 * parameter on the WebSocket handshake only, because browsers cannot set headers on a WebSocket. REST calls
 * never accept it from the URL (URLs end up in logs and browser history).
 */
final class AccessTokenConverter implements ServerAuthenticationConverter {

    private final ServerBearerTokenAuthenticationConverter headerOnly = new ServerBearerTokenAuthenticationConverter();
    private final ServerBearerTokenAuthenticationConverter headerOrQuery = new ServerBearerTokenAuthenticationConverter();

    AccessTokenConverter() {
        headerOrQuery.setAllowUriQueryParameter(true);
    }

    @Override
    public Mono<Authentication> convert(ServerWebExchange exchange) {
        return isWebSocketHandshake(exchange) ? headerOrQuery.convert(exchange) : headerOnly.convert(exchange);
    }

    static boolean isWebSocketHandshake(ServerWebExchange exchange) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        return path.equals("/ws") || path.startsWith("/ws/");
    }
}
