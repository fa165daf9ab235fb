package com.parley.notification;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.parley.testsupport.BootChecks;

class NotificationServiceBootsTests extends NotificationIntegrationTest {

    @Test
    void reportsReadyAndExposesPrometheusMetricsTaggedWithTheApplication() {
        // MongoDB, Redis and SMTP all report UP on the real servers
        BootChecks.assertReadyHealthyAndTagged(http(), "notification-service");
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
        BootChecks.assertRefusesMissingOrForgedToken(http());
    }
}
