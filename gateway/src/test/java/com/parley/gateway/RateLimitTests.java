package com.parley.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.parley.testsupport.TestHttp;

/** Per user (burst 4, 2/s here) and per client IP (burst 15, 5/s here), in Redis; 429 + Retry-After. */
class RateLimitTests extends GatewayIntegrationTest {

    @Test
    void userOverTheLimitGets429AndRecovers() throws Exception {
        GatewayClient user = client().as(devToken("CUSTOMER"));

        List<TestHttp.Response> burst = concurrently(12, () -> user.get("/api/conversations/c1"));

        List<TestHttp.Response> limited = burst.stream().filter(r -> r.status() == 429).toList();
        assertThat(limited).as("some of 12 requests against a bucket of 4").isNotEmpty();
        assertThat(burst.stream().filter(r -> r.status() == 200)).isNotEmpty();
        TestHttp.Response refused = limited.getFirst();
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.code()).isEqualTo("rate_limited");
        assertThat(refused.header("Retry-After")).hasValue("1");

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500))
                .until(() -> user.get("/api/conversations/c1").status() == 200);
    }

    @Test
    void oneUserBeingLimitedDoesNotLimitAnother() throws Exception {
        GatewayClient noisy = client().as(devToken("CUSTOMER"));
        concurrently(12, () -> noisy.get("/api/conversations/c1"));

        TestHttp.Response quiet = client().as(devToken("CUSTOMER")).get("/api/conversations/c1");

        assertThat(quiet.status()).isEqualTo(200);
    }

    @Test
    void clientIpOverTheLimitGets429EvenWithoutToken() throws Exception {
        GatewayClient anonymous = client();

        List<TestHttp.Response> burst = concurrently(40, () -> anonymous.get("/api/conversations"));

        assertThat(burst).extracting(TestHttp.Response::status).contains(401, 429);
        assertThat(burst.stream().filter(r -> r.status() == 429).findFirst().orElseThrow().code())
                .isEqualTo("rate_limited");
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500))
                .until(() -> anonymous.get("/api/conversations").status() == 401);
    }

    @Test
    void healthAndDocsAreNotLimited() throws Exception {
        GatewayClient client = client();

        List<TestHttp.Response> burst = concurrently(20, () -> client.get("/actuator/health/liveness"));

        assertThat(burst).extracting(TestHttp.Response::status).containsOnly(200);
    }

    private static List<TestHttp.Response> concurrently(int count, Callable<TestHttp.Response> call)
            throws Exception {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<TestHttp.Response>> futures = IntStream.range(0, count)
                    .mapToObj(i -> threads.submit(call)).toList();
            List<TestHttp.Response> responses = new java.util.ArrayList<>();
            for (Future<TestHttp.Response> future : futures) {
                responses.add(future.get());
            }
            return responses;
        }
    }
}
