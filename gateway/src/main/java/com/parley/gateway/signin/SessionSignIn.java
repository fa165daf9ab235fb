package com.parley.gateway.signin;

import java.net.URI;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.client.oidc.web.server.logout.OidcClientInitiatedServerLogoutSuccessHandler;
import org.springframework.security.oauth2.client.web.server.DefaultServerOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.server.ServerOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.server.DefaultServerRedirectStrategy;
import org.springframework.security.web.server.ServerRedirectStrategy;
import org.springframework.security.web.server.authentication.ServerAuthenticationFailureHandler;
import org.springframework.security.web.server.authentication.ServerAuthenticationSuccessHandler;
import org.springframework.security.web.server.authentication.logout.DelegatingServerLogoutHandler;
import org.springframework.security.web.server.authentication.logout.SecurityContextServerLogoutHandler;
import org.springframework.security.web.server.authentication.logout.WebSessionServerLogoutHandler;
import org.springframework.security.web.server.context.WebSessionServerSecurityContextRepository;
import org.springframework.security.web.server.csrf.CookieServerCsrfTokenRepository;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.security.web.server.csrf.ServerCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.server.csrf.ServerCsrfTokenRequestHandler;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;

import io.micrometer.core.instrument.MeterRegistry;

import reactor.core.publisher.Mono;

import com.parley.gateway.system.ProblemWriter;

/**
 * What a session adds to the gateway's security chain: OpenID Connect sign-in (authorization code + PKCE),
 * the security context kept in the WebSession (Redis), sign-out of this device (also at the provider), and
 * CSRF protection for every state-changing call that a cookie authenticates. Calls with an Authorization header
 * need no CSRF token: a cross-site page cannot set that header.
 */
public final class SessionSignIn {

    private static final Logger log = LoggerFactory.getLogger(SessionSignIn.class);
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
            HttpMethod.TRACE);

    private final ProviderRegistrations registrations;
    private final ServerOAuth2AuthorizedClientRepository authorizedClients;
    private final String sessionCookie;
    private final MeterRegistry meters;
    private final PeopleDirectory people;
    private final ServerRedirectStrategy redirects = new DefaultServerRedirectStrategy();

    SessionSignIn(ProviderRegistrations registrations, ServerOAuth2AuthorizedClientRepository authorizedClients,
                  String sessionCookie, MeterRegistry meters, PeopleDirectory people) {
        this.registrations = registrations;
        this.authorizedClients = authorizedClients;
        this.sessionCookie = sessionCookie;
        this.meters = meters;
        this.people = people;
    }

    public void apply(ServerHttpSecurity http, ProblemWriter problems) {
        DefaultServerOAuth2AuthorizationRequestResolver pkce = new DefaultServerOAuth2AuthorizationRequestResolver(
                registrations);
        pkce.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
        OidcClientInitiatedServerLogoutSuccessHandler atProvider = new OidcClientInitiatedServerLogoutSuccessHandler(
                registrations);
        atProvider.setPostLogoutRedirectUri("{baseUrl}/");
        atProvider.setLogoutSuccessUrl(URI.create("/"));
        http.securityContextRepository(new WebSessionServerSecurityContextRepository())
                .oauth2Login(login -> login
                        .clientRegistrationRepository(registrations)
                        .authorizedClientRepository(authorizedClients)
                        .authorizationRequestResolver(pkce)
                        .authenticationSuccessHandler(backToApp())
                        .authenticationFailureHandler(backToAppWithError()))
                .oauth2Client(client -> client
                        .clientRegistrationRepository(registrations)
                        .authorizedClientRepository(authorizedClients))
                .logout(logout -> logout
                        .logoutUrl("/auth/sign-out")
                        .logoutHandler(new DelegatingServerLogoutHandler(new SecurityContextServerLogoutHandler(),
                                new WebSessionServerLogoutHandler(), (exchange, authentication) -> {
                                    meters.counter("parley.gateway.signouts").increment();
                                    log.info("{} signed out of one session", authentication != null
                                            ? authentication.getName() : "(no session)");
                                    return Mono.empty();
                                }))
                        .logoutSuccessHandler(redirectOrJson(atProvider)))
                .csrf(csrf -> csrf
                        .requireCsrfProtectionMatcher(cookieAuthenticatedChange())
                        .csrfTokenRepository(CookieServerCsrfTokenRepository.withHttpOnlyFalse())
                        .csrfTokenRequestHandler(headerOnly())
                        .accessDeniedHandler((exchange, denied) -> {
                            meters.counter("parley.gateway.csrf.rejected").increment();
                            log.info("Refused {} {} without a valid CSRF token", exchange.getRequest().getMethod(),
                                    exchange.getRequest().getPath());
                            return problems.write(exchange, HttpStatus.FORBIDDEN, "csrf_token_invalid",
                                    "Send the XSRF-TOKEN cookie's value in the X-XSRF-TOKEN header "
                                            + "(Thiếu hoặc sai mã chống giả mạo CSRF)");
                        }));
    }

    /**
     * A form post gets the redirect (to the provider's sign-out, then back here). An app calling with
     * {@code Accept: application/json} gets {@code {"location": …}} and navigates itself: its page's
     * Content-Security-Policy ({@code form-action 'self'}) would block a form redirected to the provider.
     */
    private static org.springframework.security.web.server.authentication.logout.ServerLogoutSuccessHandler redirectOrJson(
            OidcClientInitiatedServerLogoutSuccessHandler delegate) {
        return (filterExchange, authentication) -> {
            ServerWebExchange exchange = filterExchange.getExchange();
            boolean json = exchange.getRequest().getHeaders().getAccept().stream()
                    .anyMatch(type -> type.isCompatibleWith(org.springframework.http.MediaType.APPLICATION_JSON)
                            && !type.isWildcardType());
            return delegate.onLogoutSuccess(filterExchange, authentication).then(Mono.defer(() -> {
                var response = exchange.getResponse();
                URI location = response.getHeaders().getLocation();
                if (!json || location == null) {
                    return Mono.empty();
                }
                response.getHeaders().remove(HttpHeaders.LOCATION);
                response.setStatusCode(HttpStatus.OK);
                response.getHeaders().setContentType(org.springframework.http.MediaType.APPLICATION_JSON);
                byte[] body = ("{\"location\":\"" + location.toString().replace("\\", "\\\\").replace("\"", "\\\"")
                        + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
                return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
            }));
        };
    }

    /**
     * The SPA pattern: the header carries the cookie's value as it is (no BREACH masking), and only the header
     * is read. Spring's default also looks for a {@code _csrf} form field, which reads a form-encoded body: the
     * gateway could then no longer forward that body to the service.
     */
    private static ServerCsrfTokenRequestHandler headerOnly() {
        ServerCsrfTokenRequestAttributeHandler attribute = new ServerCsrfTokenRequestAttributeHandler();
        return new ServerCsrfTokenRequestHandler() {
            @Override
            public void handle(ServerWebExchange exchange, Mono<CsrfToken> csrfToken) {
                attribute.handle(exchange, csrfToken);
            }

            @Override
            public Mono<String> resolveCsrfTokenValue(ServerWebExchange exchange, CsrfToken csrfToken) {
                return Mono.justOrEmpty(exchange.getRequest().getHeaders().getFirst(csrfToken.getHeaderName()));
            }
        };
    }

    private ServerWebExchangeMatcher cookieAuthenticatedChange() {
        return exchange -> {
            var request = exchange.getRequest();
            boolean needsToken = !SAFE.contains(request.getMethod())
                    && !request.getHeaders().containsHeader(HttpHeaders.AUTHORIZATION)
                    && request.getCookies().containsKey(sessionCookie);
            return needsToken ? ServerWebExchangeMatcher.MatchResult.match()
                    : ServerWebExchangeMatcher.MatchResult.notMatch();
        };
    }

    private ServerAuthenticationSuccessHandler backToApp() {
        return (filterExchange, authentication) -> {
            ServerWebExchange exchange = filterExchange.getExchange();
            meters.counter("parley.gateway.signins", "outcome", "success").increment();
            log.info("{} signed in", authentication.getName());
            // so an admin can find this person by name later; a Redis hiccup must not fail the sign-in
            Mono<Void> remembered = people.remember(SessionUser.of(authentication))
                    .onErrorResume(e -> {
                        log.warn("Could not add {} to the people directory: {}", authentication.getName(), e.toString());
                        return Mono.empty();
                    });
            return remembered.then(exchange.getSession()).flatMap(session -> {
                Object target = session.getAttributes().remove(SessionController.RETURN_ATTRIBUTE);
                return redirects.sendRedirect(exchange, URI.create(target instanceof String path ? path : "/"));
            });
        };
    }

    private ServerAuthenticationFailureHandler backToAppWithError() {
        return (filterExchange, failure) -> {
            ServerWebExchange exchange = filterExchange.getExchange();
            String code = failure instanceof OAuth2AuthenticationException oauth
                    && "access_denied".equals(oauth.getError().getErrorCode()) ? "access_denied" : "signin_failed";
            if (unreachable(failure)) {
                code = "provider_unavailable";
            }
            meters.counter("parley.gateway.signins", "outcome", code).increment();
            log.warn("Sign-in failed ({}): {}", code, failure.toString());
            String reason = code;
            return exchange.getSession().flatMap(session -> {
                Object target = session.getAttributes().remove(SessionController.RETURN_ATTRIBUTE);
                return redirects.sendRedirect(exchange, URI.create(ReturnPaths.withError(
                        target instanceof String path ? path : "/", reason)));
            });
        };
    }

    /** The provider did not answer (connection refused, timeout), as opposed to refusing the sign-in. */
    private static boolean unreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.io.IOException || t instanceof java.util.concurrent.TimeoutException
                    || t instanceof org.springframework.web.reactive.function.client.WebClientRequestException) {
                return true;
            }
        }
        return false;
    }
}
