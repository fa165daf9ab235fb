package com.parley.gateway.health;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.health.contributor.CompositeReactiveHealthContributor;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

import com.parley.gateway.system.GatewayProperties;

/**
 * {@code /actuator/health} shows {@code downstreams} with one component per service. A service that is down
 * makes the overall status DOWN (an honest answer to "is Parley up?", and what the local stack waits for),
 * but not liveness or readiness: the gateway itself is fine and still serves every other route, so neither
 * a restart nor taking it out of the load balancer would help. See gateway/README.md, Health.
 */
@Configuration(proxyBeanMethods = false)
class DownstreamHealthConfiguration {

    static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);

    @Bean
    CompositeReactiveHealthContributor downstreams(GatewayProperties properties, WebClient downstreamClient) {
        Map<String, ReactiveHealthIndicator> indicators = new LinkedHashMap<>();
        properties.services().byName().forEach((name, downstream) ->
                indicators.put(name, new DownstreamHealthIndicator(downstream.url(), downstreamClient, CHECK_TIMEOUT)));
        return CompositeReactiveHealthContributor.fromMap(indicators);
    }
}
