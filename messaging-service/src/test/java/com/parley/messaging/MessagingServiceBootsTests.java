package com.parley.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.parley.messaging.support.MessagingIntegrationTest;
import com.parley.testsupport.TestHttp;
import com.parley.testsupport.TestTokens;

class MessagingServiceBootsTests extends MessagingIntegrationTest {

    @Test
    void reportsReadyAndExposesPrometheusMetricsTaggedWithTheApplication() {
        TestHttp http = TestHttp.at(port);
        assertThat(http.get("/actuator/health/readiness").status()).isEqualTo(200);
        // every dependency (MongoDB, Redis, Kafka, mail …) reports UP on the real servers
        assertThat(http.get("/actuator/health").json().path("status").asString()).isEqualTo("UP");
        assertThat(http.get("/actuator/prometheus").body()).contains("application=\"messaging-service\"");
    }

    @Test
    void refusesAMissingOrForgedTokenWithAProblemDetail() {
        for (TestHttp caller : new TestHttp[] {TestHttp.at(port), TestHttp.at(port).as(TestTokens.forged("u-1"))}) {
            TestHttp.Response response = caller.get("/api/anything");
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.code()).isEqualTo("unauthenticated");
        }
    }
}
