package com.parley.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.awaitility.Awaitility;

/** What every service's {@code *ServiceBootsTests} checks on the running application, written once. */
public final class BootChecks {

    private BootChecks() {
    }

    /**
     * Ready, every health indicator UP on the real servers (MongoDB, Redis, Kafka, mail …) and Prometheus metrics
     * tagged {@code application="<application>"}.
     */
    public static void assertReadyHealthyAndTagged(TestHttp http, String application) {
        assertReady(http);
        assertUp(http);
        assertTagged(http, application);
    }

    /** The same, where overall health may take a while to reach UP ({@code becauseOf} says why). */
    public static void assertReadyHealthyAndTagged(TestHttp http, String application, Duration upWithin,
                                                   String becauseOf) {
        assertReady(http);
        Awaitility.await().atMost(upWithin).untilAsserted(() ->
                assertThat(http.get("/actuator/health").json().path("status").asString())
                        .as(becauseOf).isEqualTo("UP"));
        assertTagged(http, application);
    }

    /** No token and a forged one alike: 401 with a problem detail coded {@code unauthenticated}. */
    public static void assertRefusesMissingOrForgedToken(TestHttp http) {
        for (TestHttp caller : new TestHttp[] {http, http.as(TestTokens.forged("u-1"))}) {
            TestHttp.Response response = caller.get("/api/anything");
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.code()).isEqualTo("unauthenticated");
        }
    }

    private static void assertReady(TestHttp http) {
        assertThat(http.get("/actuator/health/readiness").status()).isEqualTo(200);
    }

    private static void assertUp(TestHttp http) {
        assertThat(http.get("/actuator/health").json().path("status").asString()).isEqualTo("UP");
    }

    private static void assertTagged(TestHttp http, String application) {
        assertThat(http.get("/actuator/prometheus").body()).contains("application=\"" + application + "\"");
    }
}
