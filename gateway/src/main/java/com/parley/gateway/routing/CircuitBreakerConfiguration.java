package com.parley.gateway.routing;

import java.time.Duration;

import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;

import com.parley.gateway.system.GatewayProperties;

/**
 * One circuit breaker per service, named as the service. Its time limit covers every attempt of a retried
 * GET (the response timeout itself is enforced per attempt by the route), so the breaker never cuts a call
 * the route would still have allowed.
 * <p>
 * No bulkhead: Spring Cloud CircuitBreaker would add one (25 concurrent calls, no waiting) whose refusals count
 * as failures, so a support floor opening one new ticket at once opened the breaker for everybody. The
 * services bound their own concurrency (Tomcat, virtual threads, connection pools); the gateway only stops
 * calling a service that is sick. It is switched off in application.yml
 * ({@code spring.cloud.circuitbreaker.bulkhead.resilience4j.enabled}).
 */
@Configuration(proxyBeanMethods = false)
class CircuitBreakerConfiguration {

    @Bean
    Customizer<ReactiveResilience4JCircuitBreakerFactory> perServiceCircuitBreakers(GatewayProperties properties) {
        GatewayProperties.Resilience resilience = properties.resilience();
        return factory -> properties.services().byName().forEach((name, downstream) -> factory.configure(
                builder -> builder
                        .circuitBreakerConfig(CircuitBreakerConfig.custom()
                                .slidingWindowSize(resilience.slidingWindow())
                                .minimumNumberOfCalls(resilience.minimumCalls())
                                .failureRateThreshold(resilience.failureRatePercent())
                                .waitDurationInOpenState(resilience.openFor())
                                // enough trial calls that one unlucky call does not re-open a recovered service
                                .permittedNumberOfCallsInHalfOpenState(10)
                                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                                .build())
                        .timeLimiterConfig(TimeLimiterConfig.custom()
                                .timeoutDuration(downstream.timeout().multipliedBy(resilience.getRetries() + 1L)
                                        .plus(Duration.ofSeconds(1)))
                                .build()),
                name));
    }
}
