package com.parley.notification;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.parley.testsupport.TestHttp;
import com.parley.testsupport.TestTokens;

class NotificationServiceBootsTests extends NotificationIntegrationTest {

    @Test
    void reportsReadyAndExposesPrometheusMetricsTaggedWithTheApplication() {
        assertThat(http().get("/actuator/health/readiness").status()).isEqualTo(200);
        // MongoDB, Redis and SMTP all report UP on the real servers
        assertThat(http().get("/actuator/health").json().path("status").asString()).isEqualTo("UP");
        assertThat(http().get("/actuator/prometheus").body()).contains("application=\"notification-service\"");
    }

    @Test
    void exposesTheBacklogConsumerLagAndCircuitBreakerStates() {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(http().get("/actuator/prometheus").body())
                        .contains("parley_notifications_pending")
                        .contains("kafka_consumer_fetch_manager_records_lag_max")
                        .contains("resilience4j_circuitbreaker_state{application=\"notification-service\",name=\"email\"")
                        .contains("resilience4j_circuitbreaker_state{application=\"notification-service\",name=\"push\""));
    }

    @Test
    void refusesAMissingOrForgedTokenWithAProblemDetail() {
        for (TestHttp caller : new TestHttp[] {http(), http().as(TestTokens.forged("u-1"))}) {
            TestHttp.Response response = caller.get("/api/anything");
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.code()).isEqualTo("unauthenticated");
        }
    }
}
