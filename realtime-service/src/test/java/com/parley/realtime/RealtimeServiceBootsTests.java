package com.parley.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.parley.testsupport.ParleyIntegrationTest;
import com.parley.testsupport.TestHttp;
import com.parley.testsupport.TestTokens;

@ParleyIntegrationTest
class RealtimeServiceBootsTests {

    @LocalServerPort
    int port;

    @Test
    void reportsReadyAndExposesPrometheusMetricsTaggedWithTheApplication() {
        TestHttp http = TestHttp.at(port);
        assertThat(http.get("/actuator/health/readiness").status()).isEqualTo(200);
        // every dependency (MongoDB, Redis, Kafka, mail …) reports UP on the real servers
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(http.get("/actuator/health").json().path("status").asString())
                        .as("overall health once the fan-out owns its partitions").isEqualTo("UP"));
        assertThat(http.get("/actuator/prometheus").body()).contains("application=\"realtime-service\"");
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
