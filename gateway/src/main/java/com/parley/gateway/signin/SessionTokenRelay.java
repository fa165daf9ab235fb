package com.parley.gateway.signin;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebSession;

import io.micrometer.core.instrument.MeterRegistry;

import reactor.core.publisher.Mono;

import com.parley.gateway.system.ProblemWriter;

/**
 * The TokenRelay of a session: a call authenticated by the session cookie reaches the service with the
 * person's access token as a bearer token (refreshed first when it expires within
 * {@code parley.gateway.sign-in.refresh-before}), and without the browser's cookies. Services keep verifying
 * JWTs exactly as for API clients. When the token can no longer be refreshed the session is over: 401
 * {@code session_expired}, and the app sends the person to sign-in. A WebSocket handshake authenticated by a
 * session must come from a page of this gateway (its Origin), so another site cannot open a socket in the
 * person's name.
 */
final class SessionTokenRelay implements GlobalFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(SessionTokenRelay.class);

    private final ReactiveOAuth2AuthorizedClientManager clients;
    private final ProblemWriter problems;
    private final List<String> allowedOrigins;
    private final MeterRegistry meters;

    SessionTokenRelay(ReactiveOAuth2AuthorizedClientManager clients, ProblemWriter problems,
                      List<String> allowedOrigins, MeterRegistry meters) {
        this.clients = clients;
        this.problems = problems;
        this.allowedOrigins = allowedOrigins;
        this.meters = meters;
    }

    @Override
    public int getOrder() {
        // before the route filters (circuit breaker, retry) and long before the proxying filters
        return Ordered.HIGHEST_PRECEDENCE + 1000;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        if (exchange.getRequest().getHeaders().containsHeader(HttpHeaders.AUTHORIZATION)) {
            return chain.filter(exchange); // an API client's own bearer token
        }
        return exchange.getPrincipal()
                .filter(OAuth2AuthenticationToken.class::isInstance)
                .cast(OAuth2AuthenticationToken.class)
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(session -> session.isPresent() ? relay(session.get(), exchange, chain) : chain.filter(exchange));
    }

    private Mono<Void> relay(OAuth2AuthenticationToken session, ServerWebExchange exchange, GatewayFilterChain chain) {
        if (isWebSocketHandshake(exchange) && !sameOrigin(exchange)) {
            meters.counter("parley.gateway.ws.foreign.origin").increment();
            return problems.write(exchange, HttpStatus.FORBIDDEN, "origin_not_allowed",
                    "A signed-in WebSocket must be opened from this site's pages");
        }
        OAuth2AuthorizeRequest request = OAuth2AuthorizeRequest
                .withClientRegistrationId(session.getAuthorizedClientRegistrationId())
                .principal(session)
                .attribute(ServerWebExchange.class.getName(), exchange)
                .build();
        return clients.authorize(request)
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .onErrorResume(e -> {
                    log.info("Could not renew the access token of {}: {}", session.getName(), e.toString());
                    return Mono.just(Optional.empty());
                })
                .flatMap(client -> client.isPresent()
                        ? chain.filter(withToken(exchange, client.get()))
                        : expired(exchange, session));
    }

    private static ServerWebExchange withToken(ServerWebExchange exchange, OAuth2AuthorizedClient client) {
        String token = client.getAccessToken().getTokenValue();
        return exchange.mutate().request(request -> request.headers(headers -> {
            headers.setBearerAuth(token);
            headers.remove(HttpHeaders.COOKIE);
        })).build();
    }

    private Mono<Void> expired(ServerWebExchange exchange, OAuth2AuthenticationToken session) {
        meters.counter("parley.gateway.sessions.expired", "why", "refresh_failed").increment();
        log.info("Session of {} ended: its access token could not be renewed", session.getName());
        return exchange.getSession()
                .doOnNext(s -> s.getAttributes().clear())
                .flatMap(WebSession::invalidate)
                .then(problems.write(exchange, HttpStatus.UNAUTHORIZED, "session_expired",
                        "Your session has ended; sign in again (Phiên đăng nhập đã hết, vui lòng đăng nhập lại)"));
    }

    private static boolean isWebSocketHandshake(ServerWebExchange exchange) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        return path.equals("/ws") || path.startsWith("/ws/");
    }

    private boolean sameOrigin(ServerWebExchange exchange) {
        String origin = exchange.getRequest().getHeaders().getOrigin();
        if (origin == null) {
            return true; // not a browser: cookies of a browser cannot be involved without an Origin
        }
        URI self = exchange.getRequest().getURI();
        String own = self.getScheme().replace("ws", "http") + "://" + self.getRawAuthority();
        String host = exchange.getRequest().getHeaders().getFirst(HttpHeaders.HOST);
        return origin.equals(own) || (host != null && (origin.equals("http://" + host) || origin.equals("https://" + host)))
                || allowedOrigins.contains(origin);
    }
}
