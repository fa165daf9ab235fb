package com.parley.gateway.ratelimit;

import java.net.InetSocketAddress;
import java.security.Principal;

import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.cloud.gateway.support.ipresolver.RemoteAddressResolver;
import org.springframework.cloud.gateway.support.ipresolver.XForwardedRemoteAddressResolver;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import com.parley.gateway.system.GatewayProperties;
import com.parley.gateway.system.ProblemWriter;

/**
 * Two limiters: per client IP before authentication (so floods of bad tokens are limited too), and per user
 * (the token's {@code sub}) after it, so one user behind a shared office IP cannot starve the others and one
 * user cannot hammer the API from many addresses.
 */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

    /** Before Spring Security's filter chain (order -100). */
    static final int PER_IP_ORDER = -150;
    /** After it, when the user is known. */
    static final int PER_USER_ORDER = -90;

    @Bean
    RateLimitFilter perIpRateLimit(GatewayProperties properties, ApplicationContext context, ProblemWriter problems,
                                   MeterRegistry meters) {
        GatewayProperties.RateLimit settings = properties.rateLimit();
        RemoteAddressResolver addresses = settings.trustedProxyHops() > 0
                ? XForwardedRemoteAddressResolver.maxTrustedIndex(settings.trustedProxyHops())
                : new RemoteAddressResolver() { };
        return new RateLimitFilter("ip", limiter(settings.perIp(), context), settings.perIp(),
                exchange -> Mono.justOrEmpty(addresses.resolve(exchange))
                        .map(InetSocketAddress::getAddress)
                        .map(address -> "ip:" + address.getHostAddress()),
                PER_IP_ORDER, problems, meters);
    }

    @Bean
    RateLimitFilter perUserRateLimit(GatewayProperties properties, ApplicationContext context,
                                     ProblemWriter problems, MeterRegistry meters) {
        GatewayProperties.Bucket bucket = properties.rateLimit().perUser();
        return new RateLimitFilter("user", limiter(bucket, context), bucket,
                exchange -> exchange.getPrincipal()
                        .filter(JwtAuthenticationToken.class::isInstance)
                        .map(Principal::getName)
                        .map(subject -> "user:" + subject),
                PER_USER_ORDER, problems, meters);
    }

    /**
     * Spring Cloud Gateway's Redis token bucket (an atomic Lua script), used directly rather than as a route
     * filter so that it answers with a problem detail and also covers the WebSocket handshake. Not a bean:
     * two RateLimiter beans would confuse the gateway's own auto-configuration.
     */
    private static RedisRateLimiter limiter(GatewayProperties.Bucket bucket, ApplicationContext context) {
        RedisRateLimiter limiter = new RedisRateLimiter(bucket.replenishPerSecond(), bucket.burst(), 1);
        limiter.setApplicationContext(context);
        return limiter;
    }
}
