package com.parley.identity.storefront;

import java.net.URI;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

import com.parley.identity.system.IdentityProperties;

/**
 * The storefront stand-in is called by the demo shop page, which the gateway serves from another origin:
 * CORS for those origins only, no cookies, no session, and so no CSRF to protect. Off unless
 * {@code parley.identity.storefront.enabled}.
 */
@Configuration(proxyBeanMethods = false)
class StorefrontSecurityConfiguration {

    @Bean
    @Order(0)
    SecurityFilterChain storefront(HttpSecurity http, IdentityProperties properties) throws Exception {
        IdentityProperties.Storefront storefront = properties.storefront();
        http.securityMatcher("/storefront/**")
                .authorizeHttpRequests(auth -> {
                    if (storefront.enabled()) {
                        auth.anyRequest().permitAll();
                    } else {
                        auth.anyRequest().denyAll();
                    }
                })
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .cors(cors -> cors.configurationSource(cors(allowedOrigins(properties))));
        return http.build();
    }

    /** The configured origins, else the gateway's (from its post-logout URIs, which run.sh sets per port). */
    static List<String> allowedOrigins(IdentityProperties properties) {
        if (!properties.storefront().allowedOrigins().isEmpty()) {
            return properties.storefront().allowedOrigins();
        }
        return properties.client().postLogoutRedirectUris().stream().map(URI::create)
                .map(uri -> uri.getScheme() + "://" + uri.getRawAuthority()).distinct().toList();
    }

    private static UrlBasedCorsConfigurationSource cors(List<String> origins) {
        CorsConfiguration config = new CorsConfiguration();
        config.setAllowedOrigins(origins);
        config.setAllowedMethods(List.of("POST"));
        config.setAllowedHeaders(List.of("Content-Type", "Accept"));
        config.setAllowCredentials(false);
        config.setMaxAge(3600L);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/storefront/**", config);
        return source;
    }
}
