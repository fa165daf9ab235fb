package com.parley.identity.system;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;

/**
 * The sign-in page and everything outside the protocol endpoints. A failed sign-in returns to the page with
 * a reason the page can explain (wrong password, locked account), never a stack trace.
 */
@Configuration(proxyBeanMethods = false)
class SignInSecurityConfiguration {

    @Bean
    @Order(2)
    SecurityFilterChain signIn(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers("/login", "/sign-in.css", "/favicon.svg", "/error",
                                "/actuator/health", "/actuator/health/**", "/actuator/prometheus").permitAll()
                        .anyRequest().authenticated())
                .formLogin(form -> form.loginPage("/login").failureHandler(failures()))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(
                        "default-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
                                + "form-action 'self' http: https:; base-uri 'self'; object-src 'none'")));
        return http.build();
    }

    private static AuthenticationFailureHandler failures() {
        SimpleUrlAuthenticationFailureHandler badCredentials = new SimpleUrlAuthenticationFailureHandler(
                "/login?error=bad_credentials");
        SimpleUrlAuthenticationFailureHandler locked = new SimpleUrlAuthenticationFailureHandler("/login?error=locked");
        return (request, response, exception) -> {
            if (exception instanceof LockedException) {
                locked.onAuthenticationFailure(request, response, exception);
            } else {
                badCredentials.onAuthenticationFailure(request, response, exception);
            }
        };
    }
}
