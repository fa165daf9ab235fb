package com.parley.gateway.routing;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.cloud.gateway.filter.factory.RetryGatewayFilterFactory;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.GatewayFilterSpec;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.cloud.gateway.route.builder.UriSpec;
import org.springframework.cloud.gateway.support.RouteMetadataUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.WebClient;

import com.parley.gateway.system.GatewayProperties;
import com.parley.gateway.system.GatewayProperties.Downstream;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Every public path to its service (the table in gateway/README.md). Message paths nested under a
 * conversation belong to messaging-service and are matched before the conversation catch-all. Each REST route
 * has its service's response timeout and circuit breaker; GETs are retried on connection errors and 502/504,
 * nothing else is (a POST may have been applied before the connection broke).
 */
@Configuration(proxyBeanMethods = false)
class RoutesConfiguration {

    static final String FALLBACK_PATH = "/internal/fallback/";

    @Bean
    WebSocketBalancer realtimeBalancer(GatewayProperties properties, WebClient downstreamClient, MeterRegistry meters) {
        return new WebSocketBalancer(properties.services().realtime().allInstances(), downstreamClient, meters);
    }

    @Bean
    RouteLocator parleyRoutes(RouteLocatorBuilder routes, GatewayProperties properties,
                              WebSocketBalancer realtimeBalancer) {
        GatewayProperties.Services services = properties.services();
        int retries = properties.resilience().getRetries();
        return routes.routes()
                .route("messaging", r -> r.order(0)
                        .path("/api/conversations/*/messages", "/api/conversations/*/messages/**",
                                "/api/conversations/*/read", "/api/conversations/*/attachments",
                                "/api/attachments", "/api/attachments/**",
                                "/api/admin/messages/**", "/api/admin/moderation/**")
                        .filters(f -> resilient(f, "messaging", retries))
                        .metadata(timeouts(services.messaging()))
                        .uri(services.messaging().url()))
                .route("conversation", r -> r.order(1)
                        .path("/api/conversations", "/api/conversations/**", "/api/chat/threads",
                                "/api/chat/threads/**")
                        .filters(f -> resilient(f, "conversation", retries))
                        .metadata(timeouts(services.conversation()))
                        .uri(services.conversation().url()))
                .route("notification", r -> r.order(1)
                        .path("/api/notifications", "/api/notifications/**")
                        .filters(f -> resilient(f, "notification", retries))
                        .metadata(timeouts(services.notification()))
                        .uri(services.notification().url()))
                .route("realtime", r -> r.order(1)
                        .path("/ws")
                        .filters(f -> realtimeBalancer.balancing()
                                // after the route's URL is set, so it can swap the node in
                                ? f.filter(new WebSocketTokenRelay()).filter(realtimeBalancer,
                                        RouteToRequestUrlFilter.ROUTE_TO_URL_FILTER_ORDER + 1)
                                : f.filter(new WebSocketTokenRelay()))
                        .uri(services.realtime().webSocketUrl()))
                .build();
    }

    private static UriSpec resilient(GatewayFilterSpec filters, String service, int retries) {
        return filters
                // what means the service is sick: connection errors, timeouts (exceptions) and these statuses;
                // every other answer, a 409 lost claim included, is the service working
                .circuitBreaker(breaker -> breaker.setName(service).setFallbackUri("forward:" + FALLBACK_PATH + service)
                        .addStatusCode("502").addStatusCode("503").addStatusCode("504"))
                .retry(retry -> idempotentOnly(retry, retries));
    }

    @SuppressWarnings("unchecked")
    private static void idempotentOnly(RetryGatewayFilterFactory.RetryConfig retry, int retries) {
        retry.setRetries(retries)
                .setMethods(HttpMethod.GET)
                .setSeries()
                .setStatuses(HttpStatus.BAD_GATEWAY, HttpStatus.GATEWAY_TIMEOUT)
                .setExceptions(IOException.class, TimeoutException.class)
                .setBackoff(Duration.ofMillis(50), Duration.ofMillis(400), 2, false);
    }

    private static Map<String, Object> timeouts(Downstream downstream) {
        return Map.of(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, downstream.timeout().toMillis());
    }
}
