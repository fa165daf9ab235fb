package com.parley.gateway.devtoken;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

import com.parley.gateway.system.GatewayProperties;

/**
 * The gateway as its own tiny auth service, in the {@code local} profile only: outside it there is no key
 * generation, no JWKS endpoint and no dev token endpoint, and tokens come from the platform's auth service.
 */
@Configuration(proxyBeanMethods = false)
@Profile("local")
public class LocalTokensConfiguration {

    @Bean
    LocalSigningKeys localSigningKeys(GatewayProperties properties) {
        return LocalSigningKeys.loadOrCreate(properties.jwt().keyDirectory());
    }

    @Bean
    DevTokenMinter devTokenMinter(LocalSigningKeys keys, GatewayProperties properties) {
        return new DevTokenMinter(keys, properties.jwt(), Clock.systemUTC());
    }
}
