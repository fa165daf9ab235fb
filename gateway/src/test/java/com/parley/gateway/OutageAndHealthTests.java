package com.parley.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.parley.testsupport.TestHttp;

/**
 * A service that is down (notification: nothing listens on its port) or too slow (conversation's /slow) gives
 * a 503 problem at once, not a hung request; health shows each service as its own component.
 */
class OutageAndHealthTests extends GatewayIntegrationTest {

    @Test
    void stoppedServiceGives503ProblemFast() {
        GatewayClient client = client().as(devToken("CUSTOMER"));

        long started = System.nanoTime();
        TestHttp.Response get = client.get("/api/notifications");
        TestHttp.Response post = client.post("/api/notifications/preferences", "{}");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        for (TestHttp.Response response : new TestHttp.Response[] {get, post}) {
            assertThat(response.status()).as(response.toString()).isEqualTo(503);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.code()).isEqualTo("service_unavailable");
            assertThat(response.json().path("service").asString()).isEqualTo("notification");
            assertThat(response.header("Retry-After")).isPresent();
        }
        assertThat(get.json().path("instance").asString()).isEqualTo("/api/notifications");
        assertThat(took).as("both answers").isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void tooSlowServiceGives503InsteadOfHanging() {
        long started = System.nanoTime();
        TestHttp.Response response = client().as(devToken("STAFF")).get("/api/conversations/c1/slow");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(response.status()).as(response.toString()).isEqualTo(503);
        assertThat(response.code()).isEqualTo("service_unavailable");
        assertThat(response.header("Retry-After")).isPresent();
        // the stub answers after 30 s; the route's timeout is 1 s, tried twice for a GET
        assertThat(took).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void healthShowsEachDownstream() {
        TestHttp.Response health = client().get("/actuator/health");

        var downstreams = health.json().path("components").path("downstreams").path("components");
        assertThat(downstreams.path("conversation").path("status").asString()).isEqualTo("UP");
        assertThat(downstreams.path("messaging").path("status").asString()).isEqualTo("UP");
        assertThat(downstreams.path("realtime").path("status").asString()).isEqualTo("UP");
        assertThat(downstreams.path("notification").path("status").asString()).isEqualTo("DOWN");
        assertThat(downstreams.path("notification").path("details").path("error").asString()).isNotBlank();
        // a service down is reported honestly overall ...
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.json().path("status").asString()).isEqualTo("DOWN");
    }

    @Test
    void livenessAndReadinessIgnoreDownstreams() {
        // ... but is no reason to restart the gateway or take it out of the load balancer
        TestHttp.Response liveness = client().get("/actuator/health/liveness");
        TestHttp.Response readiness = client().get("/actuator/health/readiness");

        assertThat(liveness.status()).isEqualTo(200);
        assertThat(liveness.json().path("status").asString()).isEqualTo("UP");
        assertThat(readiness.status()).isEqualTo(200);
    }

    @Test
    void prometheusMetricsAreExposed() {
        TestHttp.Response metrics = client().get("/actuator/prometheus");

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("application=\"gateway\"");
    }
}
