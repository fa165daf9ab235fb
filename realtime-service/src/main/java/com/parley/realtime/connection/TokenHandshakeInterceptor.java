package com.parley.realtime.connection;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

import com.parley.support.problem.ProblemResponses;
import com.parley.support.problem.Problems;
import com.parley.support.security.CurrentUser;

/**
 * Authenticates the socket before the upgrade: the JWT comes from {@code ?access_token=} (browsers cannot set
 * headers on a WebSocket) or {@code Authorization: Bearer}. It is verified like every REST call (signature,
 * issuer, audience, expiry); a missing or bad token gets a 401 problem detail and no socket.
 */
@Component
public class TokenHandshakeInterceptor implements HandshakeInterceptor {

    static final String USER = "parley.user";
    static final String TOKEN_EXPIRES_AT = "parley.tokenExpiresAt";

    private static final Logger log = LoggerFactory.getLogger(TokenHandshakeInterceptor.class);

    private final JwtDecoder decoder;
    private final ProblemResponses problems;
    private final ConnectionMetrics metrics;

    public TokenHandshakeInterceptor(JwtDecoder decoder, ProblemResponses problems, ConnectionMetrics metrics) {
        this.decoder = decoder;
        this.problems = problems;
        this.metrics = metrics;
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                                   Map<String, Object> attributes) throws Exception {
        String token = tokenOf(request);
        if (token == null) {
            return reject(response, "unauthenticated",
                    "A token is required: ?access_token=<jwt> or Authorization: Bearer <jwt>");
        }
        Jwt jwt;
        try {
            jwt = decoder.decode(token);
        } catch (JwtException e) {
            return reject(response, "invalid_token", "The token is not valid: " + e.getMessage());
        }
        CurrentUser user = CurrentUser.from(jwt);
        if (user.id() == null || user.id().isBlank()) {
            return reject(response, "invalid_token", "The token has no subject");
        }
        attributes.put(USER, user);
        Instant expiresAt = jwt.getExpiresAt();
        if (expiresAt != null) {
            attributes.put(TOKEN_EXPIRES_AT, expiresAt);
        }
        return true;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                               Exception exception) {
    }

    static String tokenOf(ServerHttpRequest request) {
        String header = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) && !header.substring(7).isBlank()) {
            return header.substring(7).strip();
        }
        String query = request.getURI().getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).equals("access_token")) {
                    String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                    return value.isBlank() ? null : value;
                }
            }
        }
        return null;
    }

    private boolean reject(ServerHttpResponse response, String code, String detail) throws java.io.IOException {
        metrics.handshakeRejected(code);
        log.info("WebSocket handshake refused: {}", code);
        if (response instanceof ServletServerHttpResponse servlet) {
            servlet.getServletResponse().setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            problems.write(servlet.getServletResponse(), Problems.of(HttpStatus.UNAUTHORIZED, code, detail));
        } else {
            response.setStatusCode(HttpStatus.UNAUTHORIZED);
        }
        return false;
    }
}
