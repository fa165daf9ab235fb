package com.parley.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

import com.parley.testsupport.InfrastructureInitializer;
import com.parley.testsupport.TestHttp;

/**
 * Sessions live in Redis, not in a gateway: a second gateway instance serves a session the first one started,
 * and a gateway started after another one stopped (a restart) still knows everyone who was signed in.
 */
class SharedSessionTests extends GatewayIntegrationTest {

    @Test
    void aSessionIsSharedByTwoGatewaysAndSurvivesARestart() {
        SignInBrowser browser = new SignInBrowser(port);
        browser.signIn("staff-binh", "/dashboard/");
        browser.api("GET", "/api/me");

        try (ConfigurableApplicationContext second = anotherGateway()) {
            browser.port = portOf(second);
            TestHttp.Response me = browser.api("GET", "/api/me");
            TestHttp.Response relayed = browser.api("GET", "/api/conversations/c1");

            assertThat(me.status()).as(me.toString()).isEqualTo(200);
            assertThat(me.json().path("id").asString()).isEqualTo("staff-binh");
            assertThat(relayed.json().path("authorization").asString()).as(relayed.toString())
                    .startsWith("Bearer at-staff-binh-");
        }

        try (ConfigurableApplicationContext restarted = anotherGateway()) {
            browser.port = portOf(restarted);
            assertThat(browser.api("GET", "/api/me").status()).isEqualTo(200);

            // signing out everywhere on this instance ends the session on the first one too
            TestHttp.Response out = browser.apiWithCsrf("DELETE", "/api/me/sessions", null);
            assertThat(out.status()).as(out.toString()).isEqualTo(200);
        }
        browser.port = port;
        assertThat(browser.api("GET", "/api/me").status()).isEqualTo(401);
    }

    /**
     * The extra gateways get Netty resources of their own: by default a reactive Spring context shares Reactor
     * Netty's global event loops and connection pools and disposes them when it closes, which would cut the
     * test JVM's main gateway (and the service stubs) off in the middle of the suite.
     */
    @Configuration(proxyBeanMethods = false)
    static class OwnNettyResources {

        @Bean
        ReactorResourceFactory reactorResourceFactory() {
            ReactorResourceFactory resources = new ReactorResourceFactory();
            resources.setUseGlobalResources(false);
            return resources;
        }
    }

    private static int portOf(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    /** A gateway process of its own (a new Spring context) on the same Redis, provider and services. */
    private static ConfigurableApplicationContext anotherGateway() {
        return new SpringApplicationBuilder(GatewayApplication.class, OwnNettyResources.class)
                .profiles("local")
                .initializers(new InfrastructureInitializer())
                // arguments, not default properties: those would lose to application.yml
                .run("--server.port=0",
                        "--parley.gateway.jwt.key-directory=target/test-jwt",
                        "--parley.gateway.rate-limit.trusted-proxy-hops=1",
                        "--parley.gateway.services.conversation.url=" + Downstreams.CONVERSATION.url(),
                        "--parley.gateway.services.messaging.url=" + Downstreams.MESSAGING.url(),
                        "--parley.gateway.services.realtime.url=" + Downstreams.REALTIME.url(),
                        "--parley.gateway.services.notification.url=" + Downstreams.STOPPED_NOTIFICATION,
                        "--parley.gateway.sign-in.issuer-uri=" + FakeIdentityProvider.INSTANCE.issuer(),
                        "--parley.gateway.sign-in.client-secret=test-secret");
    }
}
