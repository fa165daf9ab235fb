package com.parley.gateway.signin;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;

import org.springframework.web.reactive.function.client.WebClient;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The provider's registration, discovered from its issuer URI on first use rather than at start-up (Spring
 * Boot's default), so the gateway starts, and serves bearer-token clients, while the provider is down; a failed
 * discovery is retried on the next sign-in.
 */
final class ProviderRegistrations implements ReactiveClientRegistrationRepository {

    private static final Logger log = LoggerFactory.getLogger(ProviderRegistrations.class);
    private static final Duration DISCOVERY_TIMEOUT = Duration.ofSeconds(5);

    private final SignInProperties properties;
    private final AtomicReference<ClientRegistration> discovered = new AtomicReference<>();
    private final WebClient web = WebClient.create();

    ProviderRegistrations(SignInProperties properties) {
        this.properties = properties;
    }

    @Override
    public Mono<ClientRegistration> findByRegistrationId(String registrationId) {
        if (!SignInProperties.REGISTRATION_ID.equals(registrationId)) {
            return Mono.empty();
        }
        ClientRegistration known = discovered.get();
        if (known != null) {
            return Mono.just(known);
        }
        return Mono.fromCallable(this::discover)
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(DISCOVERY_TIMEOUT)
                .doOnNext(discovered::set)
                .doOnError(e -> log.warn("Sign-in provider {} unreachable: {}", properties.issuerUri(), e.toString()));
    }

    /**
     * Whether the provider answers now. Checked before each sign-in (rare, so cheap enough): the browser is about
     * to be sent there, and a person should read "the sign-in service is unavailable" here rather than a
     * browser error page there.
     */
    Mono<Boolean> reachable() {
        String discovery = properties.issuerUri().replaceAll("/+$", "") + "/.well-known/openid-configuration";
        return web.get().uri(discovery).retrieve().toBodilessEntity()
                .map(response -> response.getStatusCode().is2xxSuccessful())
                .timeout(DISCOVERY_TIMEOUT)
                .onErrorResume(e -> {
                    log.warn("Sign-in provider {} unreachable: {}", properties.issuerUri(), e.toString());
                    return Mono.just(false);
                });
    }

    private ClientRegistration discover() {
        ClientRegistration registration = ClientRegistrations.fromIssuerLocation(properties.issuerUri())
                .registrationId(SignInProperties.REGISTRATION_ID)
                .clientId(properties.clientId())
                .clientSecret(properties.clientSecret())
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                .scope("openid", "profile")
                .userNameAttributeName("sub")
                .build();
        log.info("Sign-in provider {} discovered", properties.issuerUri());
        return registration;
    }
}
