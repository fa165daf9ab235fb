package com.parley.gateway.security;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy;
import org.springframework.security.web.server.header.XFrameOptionsServerHttpHeadersWriter;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

import io.micrometer.core.instrument.MeterRegistry;

import com.parley.events.Role;
import com.parley.gateway.signin.SessionSignIn;
import com.parley.gateway.system.GatewayProperties;
import com.parley.gateway.system.ProblemWriter;

/**
 * Who may pass the gateway. Every {@code /api/**} call and the {@code /ws} handshake need a valid token; a few
 * endpoints PRODUCT.md reserves for one role are refused here already (coarse, cheap), and the services check
 * the rest themselves (who may see which conversation): see docs/AUTHORIZATION.md. Also CORS and the
 * security headers of every response.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);
    private static final Set<String> KNOWN_ROLES = Arrays.stream(Role.values()).map(Role::name)
            .collect(Collectors.toUnmodifiableSet());

    @Bean
    SecurityWebFilterChain gatewaySecurity(ServerHttpSecurity http, ReactiveJwtDecoder decoder,
                                           ProblemWriter problems, GatewayProperties properties,
                                           Environment environment, MeterRegistry meters,
                                           ObjectProvider<SessionSignIn> sessions) {
        boolean local = environment.acceptsProfiles(Profiles.of("local"));
        ServerAuthenticationEntryPoint unauthenticated = (exchange, e) -> {
            meters.counter("parley.gateway.auth.rejected").increment();
            log.debug("Rejected {} {}: {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(),
                    e.getMessage());
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            return problems.write(exchange, HttpStatus.UNAUTHORIZED, "unauthenticated",
                    "A valid bearer token is required: " + e.getMessage());
        };
        ServerAccessDeniedHandler forbidden = (exchange, e) -> problems.write(exchange, HttpStatus.FORBIDDEN,
                "role_not_allowed", "Your role does not allow this");
        // bearer tokens, no cookies: nothing to forge (with sign-in, SessionSignIn protects cookie-authenticated calls)
        http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(cache -> cache.disable())
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .cors(cors -> cors.configurationSource(corsSource(properties.cors())))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(properties.headers().contentSecurityPolicy()))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN))
                        .frameOptions(frames -> frames.mode(XFrameOptionsServerHttpHeadersWriter.Mode.DENY))
                        .permissionsPolicy(permissions -> permissions.policy(
                                "camera=(), microphone=(), geolocation=(), payment=()")))
                .authorizeExchange(auth -> {
                    auth.pathMatchers("/internal/**").denyAll();
                    if (local) {
                        auth.pathMatchers(HttpMethod.POST, "/api/dev/tokens").permitAll();
                    }
                    // the few rules PRODUCT.md ties to one role; everything finer is the services' job
                    auth.pathMatchers(HttpMethod.POST, "/api/conversations")
                            .hasAnyRole(Role.CUSTOMER.name(), Role.BUYER.name(), Role.SELLER.name())
                            .pathMatchers(HttpMethod.PUT, "/api/conversations/*/seen")
                            .hasAnyRole(Role.STAFF.name(), Role.ADMIN.name())
                            .pathMatchers(HttpMethod.POST, "/api/chat/threads").hasRole(Role.BUYER.name())
                            .pathMatchers("/api/admin/users", "/api/admin/users/**").hasRole(Role.ADMIN.name())
                            .pathMatchers("/api/**", "/ws", "/ws/**").authenticated()
                            // health, metrics, JWKS, API docs and the web apps are public
                            .anyExchange().permitAll();
                })
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .bearerTokenConverter(new AccessTokenConverter())
                        .jwt(jwt -> jwt.jwtDecoder(decoder).jwtAuthenticationConverter(
                                new ReactiveJwtAuthenticationConverterAdapter(rolesConverter())))
                        .authenticationEntryPoint(unauthenticated)
                        .accessDeniedHandler(forbidden))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(unauthenticated)
                        .accessDeniedHandler(forbidden));
        // people signing in to the web apps: OIDC login, the session in Redis, CSRF for cookie-authenticated calls
        sessions.ifAvailable(signIn -> signIn.apply(http, problems));
        return http.build();
    }

    /** {@code roles: ["STAFF"]} → authority {@code ROLE_STAFF}; roles Parley does not know grant nothing. */
    static JwtAuthenticationConverter rolesConverter() {
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(SecurityConfiguration::authorities);
        return converter;
    }

    private static Collection<GrantedAuthority> authorities(Jwt jwt) {
        List<String> roles = jwt.getClaimAsStringList("roles");
        if (roles == null) {
            return List.of();
        }
        return roles.stream().filter(KNOWN_ROLES::contains)
                .<GrantedAuthority>map(role -> new SimpleGrantedAuthority("ROLE_" + role))
                .toList();
    }

    static CorsConfigurationSource corsSource(GatewayProperties.Cors cors) {
        CorsConfiguration api = new CorsConfiguration();
        api.setAllowedOrigins(cors.allowedOrigins());
        api.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE"));
        api.setAllowedHeaders(List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE, HttpHeaders.ACCEPT,
                "X-Request-Id"));
        api.setExposedHeaders(List.of(HttpHeaders.RETRY_AFTER, HttpHeaders.LOCATION, "X-RateLimit-Remaining"));
        api.setAllowCredentials(false); // tokens travel in the Authorization header, not in cookies
        api.setMaxAge(cors.maxAge());
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/api/**", api);
        return source;
    }
}
