package com.parley.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.parley.testsupport.BootChecks;
import com.parley.testsupport.ParleyIntegrationTest;
import com.parley.testsupport.TestHttp;

@ParleyIntegrationTest
class ConversationServiceBootsTests {

    @LocalServerPort
    int port;

    @Test
    void reportsReadyAndExposesPrometheusMetricsTaggedWithTheApplication() {
        BootChecks.assertReadyHealthyAndTagged(TestHttp.at(port), "conversation-service");
    }

    /** What deploy/monitoring's board and alerts read: histograms (p99 over all instances) and consumer lag. */
    @Test
    void publishesTheHistogramsAndConsumerLagTheDashboardsRead() {
        TestHttp http = TestHttp.at(port);
        http.get("/actuator/health");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(http.get("/actuator/prometheus").body())
                        .contains("http_server_requests_seconds_bucket{application=\"conversation-service\"")
                        .contains("parley_outbox_lag_seconds_bucket{application=\"conversation-service\"")
                        // the first-response SLA deadlines are bucket boundaries (FirstResponseSlaBreached reads 1 h)
                        .contains("parley_tickets_first_response_seconds_bucket{application=\"conversation-service\",le=\"3600.0\"}")
                        .contains("kafka_consumer_fetch_manager_records_lag_max{application=\"conversation-service\","
                                + "client_id=\"consumer-conversation-read-model-"));
    }

    @Test
    void refusesAMissingOrForgedTokenWithAProblemDetail() {
        BootChecks.assertRefusesMissingOrForgedToken(TestHttp.at(port));
    }
}
