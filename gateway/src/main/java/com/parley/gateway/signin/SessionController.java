package com.parley.gateway.signin;

import java.util.Map;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.DefaultServerRedirectStrategy;
import org.springframework.security.web.server.ServerRedirectStrategy;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebSession;

import java.net.URI;

import reactor.core.publisher.Mono;

import com.parley.gateway.system.ApiProblem;

/**
 * The web apps' sign-in endpoints. {@code GET /auth/sign-in?return=<path>} starts the OpenID Connect flow and
 * comes back to that path (the app's route included); {@code GET /api/me} says who is signed in (401 when
 * nobody is: the app then goes to sign-in); {@code DELETE /api/me/sessions} signs out everywhere; an admin's
 * {@code DELETE /api/admin/users/{userId}/sessions} ends someone else's sessions. Signing out of this device is
 * Spring Security's {@code POST /auth/sign-out}.
 */
@RestController
@ConditionalOnSignIn
class SessionController {

    static final String RETURN_ATTRIBUTE = "parley.signin.return";
    private static final Logger log = LoggerFactory.getLogger(SessionController.class);
    private static final Pattern USER_ID = Pattern.compile("[\\p{Alnum}._:@-]{1,128}");

    private final ProviderRegistrations registrations;
    private final SessionRevocations revocations;
    private final ServerRedirectStrategy redirects = new DefaultServerRedirectStrategy();

    SessionController(ProviderRegistrations registrations, SessionRevocations revocations) {
        this.registrations = registrations;
        this.revocations = revocations;
    }

    @GetMapping("/auth/sign-in")
    Mono<Void> signIn(@RequestParam(name = "return", required = false) String returnTo, ServerWebExchange exchange) {
        String target = ReturnPaths.safe(returnTo);
        return registrations.reachable()
                .filter(Boolean::booleanValue)
                .switchIfEmpty(Mono.error(new IllegalStateException("provider unreachable")))
                .then(registrations.findByRegistrationId(SignInProperties.REGISTRATION_ID))
                .flatMap(found -> exchange.getSession()
                        .doOnNext(session -> session.getAttributes().put(RETURN_ATTRIBUTE, target))
                        .then(redirect(exchange, "/oauth2/authorization/" + SignInProperties.REGISTRATION_ID)))
                .onErrorResume(e -> redirect(exchange, ReturnPaths.withError(target, "provider_unavailable")));
    }

    record Me(String id, String name, java.util.List<String> roles, String signedInWith) {
    }

    @GetMapping("/api/me")
    Mono<Me> me(Authentication authentication, ServerWebExchange exchange) {
        SessionUser user = SessionUser.of(authentication);
        // the apps read the CSRF token from the XSRF-TOKEN cookie; asking for it here makes the gateway set it
        Mono<CsrfToken> csrf = exchange.getAttributeOrDefault(CsrfToken.class.getName(), Mono.empty());
        return csrf.then(Mono.just(new Me(user.id(), user.name(), user.roles(), user.signedInWith())));
    }

    /**
     * Signs out everywhere. A web app also gets {@code location}: the provider's sign-out for this browser, so
     * the next sign-in asks for the password again.
     */
    @DeleteMapping("/api/me/sessions")
    Mono<Map<String, Object>> signOutEverywhere(Authentication authentication, ServerWebExchange exchange) {
        String userId = authentication.getName();
        return providerSignOut(authentication, exchange).defaultIfEmpty("")
                .flatMap(location -> revocations.endAll(userId, "self", userId)
                        .flatMap(ended -> exchange.getSession().flatMap(WebSession::invalidate)
                                .thenReturn(location.isEmpty() ? Map.<String, Object>of("endedSessions", ended)
                                        : Map.<String, Object>of("endedSessions", ended, "location", location))));
    }

    private Mono<String> providerSignOut(Authentication authentication, ServerWebExchange exchange) {
        if (!(authentication instanceof org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken token)
                || !(token.getPrincipal() instanceof org.springframework.security.oauth2.core.oidc.user.OidcUser user)) {
            return Mono.empty();
        }
        URI self = exchange.getRequest().getURI();
        String home = self.getScheme() + "://" + self.getRawAuthority() + "/";
        return registrations.findByRegistrationId(SignInProperties.REGISTRATION_ID)
                .mapNotNull(registration -> registration.getProviderDetails().getConfigurationMetadata()
                        .get("end_session_endpoint"))
                .map(endpoint -> org.springframework.web.util.UriComponentsBuilder.fromUriString(endpoint.toString())
                        .queryParam("id_token_hint", user.getIdToken().getTokenValue())
                        .queryParam("post_logout_redirect_uri", home)
                        .encode().build().toUriString())
                .onErrorResume(e -> Mono.empty());
    }

    @DeleteMapping("/api/admin/users/{userId}/sessions")
    Mono<Map<String, Integer>> endSessionsOf(@PathVariable String userId, Authentication authentication) {
        if (!USER_ID.matcher(userId).matches()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "validation_failed", "The user id is not valid",
                    Map.of("errors", java.util.List.of(Map.of("field", "userId",
                            "message", "may contain letters, digits and . _ : @ - only (1-128)"))));
        }
        log.info("Admin {} ends the sessions of {}", authentication.getName(), userId);
        return revocations.endAll(userId, "admin", authentication.getName())
                .map(ended -> Map.of("endedSessions", ended));
    }

    private Mono<Void> redirect(ServerWebExchange exchange, String location) {
        return redirects.sendRedirect(exchange, URI.create(location));
    }
}
