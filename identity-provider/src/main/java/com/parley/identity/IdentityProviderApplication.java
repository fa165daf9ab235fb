package com.parley.identity;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The local stack's OpenID Connect provider: staff, admins and sellers sign in here, and the gateway (the web
 * apps' backend-for-frontend) receives their tokens. Production points the gateway at the platform's own
 * provider instead; nothing else changes.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class IdentityProviderApplication {

    public static void main(String[] args) {
        SpringApplication.run(IdentityProviderApplication.class, args);
    }
}
