package com.parley.load;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;

import io.gatling.http.action.ws.WsInboundMessage;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;

/**
 * Fan-out: {@code sockets} staff connected at once, then {@code tickets} new tickets, one every two seconds; each
 * {@code conversation.created} goes to every one of those sockets. Measures, per ticket, the time from its
 * creation to its frame on the last socket, and checks that every socket got every ticket. {@code idle} (seconds,
 * default 3) holds the connected sockets idle before the first ticket, to read the memory they cost.
 *
 * <pre>./mvnw -P load -pl load-tests gatling:test -Dsimulation=com.parley.load.FanOut -Dsockets=1000 -Dtickets=10</pre>
 */
public class FanOut extends Simulation {

    private final int socketCount = Stack.intProperty("sockets", 1000);
    private final int ticketCount = Stack.intProperty("tickets", 10);
    /** Seconds every socket stays idle before the first ticket: time to read the stack's memory per socket. */
    private final int idleSeconds = Stack.intProperty("idle", 3);
    private final String run = Long.toString(System.currentTimeMillis() % 100_000, 36);

    private final Latencies latencies = new Latencies();
    private final Map<String, AtomicLong> lastFrame = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> frames = new ConcurrentHashMap<>();
    private final AtomicInteger connected = new AtomicInteger();
    private final AtomicInteger staffIndex = new AtomicInteger();
    private final AtomicInteger customerIndex = new AtomicInteger();
    private final AtomicInteger opened = new AtomicInteger();

    private List<Stack.Person> staff;
    private List<Stack.Person> customers;

    @Override
    public void before() {
        staff = Stack.parallel(socketCount, i -> Stack.person("STAFF", "fs-" + run + "-" + i, "Staff " + i, Stack.ip(31, i)));
        customers = Stack.parallel(ticketCount, i -> Stack.person("CUSTOMER", "fc-" + run + "-" + i, "Customer " + i,
                Stack.ip(32, i)));
        System.out.printf("Fan-out: %d staff sockets, %d tickets against %s%n", socketCount, ticketCount, Stack.URL);
    }

    private Session read(List<WsInboundMessage> received, Session session) {
        for (WsInboundMessage frame : received) {
            if (frame instanceof WsInboundMessage.Text text && text.message().contains("\"conversation.created\"")) {
                JsonNode data = Stack.parse(text.message()).path("data");
                String id = data.path("id").asText();
                long lag = text.timestamp() - Instant.parse(data.path("createdAt").asText()).toEpochMilli();
                latencies.record("new ticket → a staff socket", lag);
                lastFrame.computeIfAbsent(id, k -> new AtomicLong()).accumulateAndGet(lag, Math::max);
                frames.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            }
        }
        return session;
    }

    private boolean everyTicketEverywhere() {
        return opened.get() >= ticketCount && frames.size() >= ticketCount
                && frames.values().stream().allMatch(n -> n.get() >= socketCount);
    }

    private final long deadline = System.nanoTime() + Duration.ofMinutes(5).plusSeconds(idleSeconds).toNanos();

    private final ScenarioBuilder staffConnected = scenario("staff")
            .exec(session -> {
                Stack.Person p = staff.get(staffIndex.getAndIncrement());
                return session.set("token", p.token()).set("ip", p.ip());
            })
            .exec(Sockets.join(30))
            .exec(session -> {
                connected.incrementAndGet();
                return session;
            })
            .asLongAs(session -> !everyTicketEverywhere() && System.nanoTime() < deadline)
            .on(exec(ws.processUnmatchedMessages(this::read)).pause(Duration.ofMillis(50)))
            .exec(ws.processUnmatchedMessages(this::read))
            .exec(ws("close").close());

    private final ScenarioBuilder customersOpening = scenario("customers")
            .asLongAs(session -> connected.get() < socketCount && System.nanoTime() < deadline)
            .on(pause(Duration.ofMillis(200)))
            .exec(session -> {
                System.out.printf("Fan-out: %d sockets connected, idle for %d s%n", connected.get(), idleSeconds);
                return session;
            })
            .pause(Duration.ofSeconds(idleSeconds)) // every socket idle before the first ticket
            .repeat(ticketCount).on(
                    exec(session -> {
                        Stack.Person c = customers.get(customerIndex.getAndIncrement());
                        return session.set("token", c.token()).set("ip", c.ip());
                    })
                    .exec(http("open ticket").post("/api/conversations")
                            .body(StringBody("{\"message\":\"Xin chào\",\"priority\":\"medium\"}"))
                            .check(status().is(201)))
                    .exec(session -> {
                        opened.incrementAndGet();
                        return session;
                    })
                    .pause(Duration.ofSeconds(2)));

    {
        setUp(
                staffConnected.injectOpen(rampUsers(socketCount).during(Duration.ofSeconds(20))),
                customersOpening.injectOpen(atOnceUsers(1)))
                .protocols(Sockets.protocol())
                .assertions(global().failedRequests().count().is(0L));
    }

    @Override
    public void after() {
        lastFrame.values().forEach(v -> latencies.record("new ticket → last of " + socketCount + " sockets", v.get()));
        long missing = frames.values().stream().mapToLong(n -> Math.max(0, socketCount - n.get())).sum()
                + (long) Math.max(0, ticketCount - frames.size()) * socketCount;
        latencies.figure("sockets × tickets", socketCount + " × " + ticketCount);
        latencies.figure("sockets connected", connected.get());
        latencies.figure("frames missing (socket × ticket)", missing);
        latencies.report("fan-out", "Fan-out");
        System.out.println(missing == 0 ? "FAN-OUT CHECKS PASSED" : "FAN-OUT CHECKS FAILED");
    }
}
