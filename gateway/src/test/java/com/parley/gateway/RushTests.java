package com.parley.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.parley.testsupport.TestHttp;

/**
 * A support floor racing for new tickets: many people at once must reach the service, and losing a race (409)
 * is an answer, not a sign that the service is sick.
 */
class RushTests extends GatewayIntegrationTest {

    /** On the messaging route: its response timeout is the production default here (the test shortens conversation's). */
    @Test
    void twoHundredConcurrentCallsToALiveServiceAllGetThrough() throws Exception {
        List<TestHttp.Response> responses = concurrently(200,
                i -> client().as(devToken("staff-" + UUID.randomUUID(), "STAFF"))
                        .post("/api/conversations/t" + i + "/messages/busy", "{}"));

        Map<Integer, Long> byStatus = responses.stream()
                .collect(Collectors.groupingBy(TestHttp.Response::status, Collectors.counting()));
        assertThat(byStatus).as("statuses of 200 concurrent calls").containsOnlyKeys(200);
    }

    @Test
    void aStormOfLostClaimsLeavesTheBreakerClosed() throws Exception {
        List<TestHttp.Response> losers = concurrently(60,
                i -> client().as(devToken("STAFF")).put("/api/conversations/storm/conflict", "{}"));

        assertThat(losers).extracting(TestHttp.Response::status).containsOnly(409);
        TestHttp.Response next = client().as(devToken("STAFF")).get("/api/conversations/after-storm");
        assertThat(next.status()).as(next.toString()).isEqualTo(200);
        assertThat(next.json().path("service").asString()).isEqualTo("conversation");
    }

    private static List<TestHttp.Response> concurrently(int calls, Function<Integer, TestHttp.Response> call)
            throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(calls)) {
            List<Callable<TestHttp.Response>> tasks = IntStream.range(0, calls)
                    .<Callable<TestHttp.Response>>mapToObj(i -> () -> call.apply(i)).toList();
            return pool.invokeAll(tasks).stream().map(RushTests::get).toList();
        }
    }

    private static TestHttp.Response get(Future<TestHttp.Response> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
