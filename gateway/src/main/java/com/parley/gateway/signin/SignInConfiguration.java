package com.parley.gateway.signin;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcReactiveOAuth2UserService;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.userinfo.ReactiveOAuth2UserService;
import org.springframework.security.oauth2.client.web.DefaultReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.server.ServerOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.server.WebSessionServerOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.session.ReactiveFindByIndexNameSessionRepository;
import org.springframework.session.ReactiveSessionRepository;
import org.springframework.session.Session;

import io.micrometer.core.instrument.MeterRegistry;

import com.parley.gateway.system.GatewayProperties;
import com.parley.gateway.system.ProblemWriter;

/**
 * The gateway as the web apps' backend-for-frontend, when a provider is configured. Everything a session needs
 * lives in the WebSession, which Spring Session keeps in Redis (indexed by principal): the security context and
 * the person's tokens. So any gateway instance serves any session, and a restart signs nobody out.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SignInProperties.class)
@ConditionalOnSignIn
class SignInConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SignInConfiguration.class);

    @Bean
    ProviderRegistrations providerRegistrations(SignInProperties properties) {
        log.info("People sign in at {} (client {})", properties.issuerUri(), properties.clientId());
        return new ProviderRegistrations(properties);
    }

    @Bean
    ServerOAuth2AuthorizedClientRepository authorizedClientRepository() {
        // in the session (Redis), not in the gateway's memory: tokens must survive restarts and be shared
        return new WebSessionServerOAuth2AuthorizedClientRepository();
    }

    @Bean
    ReactiveOAuth2AuthorizedClientManager authorizedClientManager(ProviderRegistrations registrations,
                                                                  ServerOAuth2AuthorizedClientRepository clients,
                                                                  SignInProperties properties) {
        DefaultReactiveOAuth2AuthorizedClientManager manager = new DefaultReactiveOAuth2AuthorizedClientManager(
                registrations, clients);
        manager.setAuthorizedClientProvider(ReactiveOAuth2AuthorizedClientProviderBuilder.builder()
                .authorizationCode()
                .refreshToken(refresh -> refresh.clockSkew(properties.refreshBefore()))
                .build());
        return manager;
    }

    /** The person's roles come in the ID token's {@code roles} claim, as in access tokens. */
    @Bean
    ReactiveOAuth2UserService<OidcUserRequest, OidcUser> oidcUserService() {
        OidcReactiveOAuth2UserService delegate = new OidcReactiveOAuth2UserService();
        return request -> delegate.loadUser(request).map(user -> new DefaultOidcUser(
                SessionUser.authorities(user.getIdToken().getClaimAsStringList("roles")),
                user.getIdToken(), user.getUserInfo(), "sub"));
    }

    @Bean
    SessionSignIn sessionSignIn(ProviderRegistrations registrations, ServerOAuth2AuthorizedClientRepository clients,
                                @Value("${server.reactive.session.cookie.name:SESSION}") String sessionCookie,
                                MeterRegistry meters, PeopleDirectory people) {
        return new SessionSignIn(registrations, clients, sessionCookie, meters, people);
    }

    @Bean
    PeopleDirectory peopleDirectory(ReactiveStringRedisTemplate redis) {
        return new PeopleDirectory(redis);
    }

    @Bean
    SessionTokenRelay sessionTokenRelay(ReactiveOAuth2AuthorizedClientManager clients, ProblemWriter problems,
                                        GatewayProperties gateway, MeterRegistry meters) {
        return new SessionTokenRelay(clients, problems, gateway.cors().allowedOrigins(), meters);
    }

    @Bean
    SessionLifetimeFilter sessionLifetimeFilter(SignInProperties properties, MeterRegistry meters) {
        return new SessionLifetimeFilter(properties.absoluteTimeout(), meters, Clock.systemUTC());
    }

    @Bean
    SessionRevocations sessionRevocations(ReactiveFindByIndexNameSessionRepository<? extends Session> index,
                                          ReactiveSessionRepository<? extends Session> sessions,
                                          ReactiveStringRedisTemplate redis, SignInProperties properties,
                                          MeterRegistry meters) {
        return new SessionRevocations(index, sessions, redis, properties.revocationChannel(), meters);
    }
}
