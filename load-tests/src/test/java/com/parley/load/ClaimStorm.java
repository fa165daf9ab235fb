package com.parley.load;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;

import io.gatling.http.action.ws.WsInboundMessage;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;

/**
 * Claim storm: {@code staff} people on WebSockets; tickets arrive at {@code rate} per second until
 * {@code tickets} were opened; every staff member opens (claims) each new ticket as soon as it appears on their
 * socket. Checks: exactly one 200 per ticket, every loser 409 naming the winner, every staff socket sees every
 * {@code conversation.claimed}, no 5xx. Measures the claim's response time (Gatling's report) and the time from
 * a ticket's creation to its {@code conversation.created} frame on each staff socket.
 *
 * <pre>./mvnw -P load -pl load-tests gatling:test -Dsimulation=com.parley.load.ClaimStorm -Dstaff=50 -Dtickets=500 -Drate=100</pre>
 */
public class ClaimStorm extends Simulation {

    private final int staffCount = Stack.intProperty("staff", 50);
    private final int ticketCount = Stack.intProperty("tickets", 500);
    private final int rate = Stack.intProperty("rate", 100);
    private final String run = Long.toString(System.currentTimeMillis() % 100_000, 36);

    private final Latencies latencies = new Latencies();
    private final Map<String, AtomicInteger> winners = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> losers = new ConcurrentHashMap<>();
    private final AtomicInteger losersNotNamingWinner = new AtomicInteger();
    private final AtomicInteger unexpected = new AtomicInteger();
    private final Map<String, Set<String>> claimedSeenBy = new ConcurrentHashMap<>();
    private final Map<String, Long> lastCreatedFrame = new ConcurrentHashMap<>();
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger staffDone = new AtomicInteger();
    private final AtomicInteger duplicateFrames = new AtomicInteger();

    private List<Stack.Person> staff;
    private List<Stack.Person> customers;

    @Override
    public void before() {
        staff = Stack.parallel(staffCount, i -> Stack.person("STAFF", "ls-" + run + "-" + i, "Staff " + i, Stack.ip(11, i)));
        customers = Stack.parallel(ticketCount, i -> Stack.person("CUSTOMER", "lc-" + run + "-" + i, "Customer " + i,
                Stack.ip(12, i)));
        System.out.printf("Claim storm: %d staff, %d tickets at %d/s against %s%n", staffCount, ticketCount, rate, Stack.URL);
    }

    private final AtomicInteger staffIndex = new AtomicInteger();
    private final AtomicInteger customerIndex = new AtomicInteger();

    private Session asPerson(Session session, Stack.Person person) {
        return session.set("id", person.id()).set("token", person.token()).set("ip", person.ip())
                .set("todo", new ArrayDeque<String>()).set("seenClaimed", new HashSet<String>())
                .set("seenCreated", new HashSet<String>());
    }

    /** Reads what arrived on the socket: new tickets go on this staff member's to-do list. */
    private static Set<String> seenCreated(Session session) {
        return session.get("seenCreated");
    }

    private Session read(List<WsInboundMessage> frames, Session session) {
        ArrayDeque<String> todo = session.get("todo");
        Set<String> seenClaimed = session.get("seenClaimed");
        String me = session.getString("id");
        if (Boolean.getBoolean("debugFrames") && !frames.isEmpty()) {
            System.out.println("frames for " + me + ": " + frames);
        }
        for (WsInboundMessage frame : frames) {
            if (!(frame instanceof WsInboundMessage.Text text)) {
                continue;
            }
            JsonNode json = Stack.parse(text.message());
            String type = json.path("type").asText();
            JsonNode data = json.path("data");
            String id = data.path("id").asText();
            if (type.equals("conversation.created") && id.length() > 0 && !seenCreated(session).add(id)) {
                duplicateFrames.incrementAndGet(); // a dashboard shows a ticket once, whatever arrives twice
            } else if (type.equals("conversation.created") && id.length() > 0) {
                long lag = text.timestamp() - Instant.parse(data.path("createdAt").asText()).toEpochMilli();
                latencies.record("new ticket → a staff socket", lag);
                lastCreatedFrame.merge(id, lag, Math::max);
                todo.add(id);
            } else if (type.equals("conversation.claimed") && id.length() > 0) {
                seenClaimed.add(id);
                claimedSeenBy.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(me);
            }
        }
        return session;
    }

    private final ScenarioBuilder staffOnFloor = scenario("staff")
            .exec(session -> asPerson(session, staff.get(staffIndex.getAndIncrement())))
            .exec(Sockets.join(10))
            .asLongAs(session -> !finished(session)).on(
                    exec(ws.processUnmatchedMessages(this::read))
                            .doIfOrElse(session -> ((ArrayDeque<?>) session.get("todo")).isEmpty())
                            .then(pause(Duration.ofMillis(20))) // polls the socket buffer; 2 ms made the load generator the busiest process
                            .orElse(exec(session -> session.set("ticket", ((ArrayDeque<String>) session.get("todo")).poll()))
                                    .exec(http("claim").put("/api/conversations/#{ticket}/seen")
                                            .check(status().in(200, 409).saveAs("status"))
                                            .check(jsonPath("$.claimedBy.id").optional().saveAs("winner")))
                                    .exec(this::tally)))
            .exec(session -> {
                staffDone.incrementAndGet();
                return session;
            })
            .exec(ws("close").close());

    private Session tally(Session session) {
        String ticket = session.getString("ticket");
        if (!session.contains("status")) {
            unexpected.incrementAndGet();
            return session;
        }
        int status = session.getInt("status");
        if (status == 200) {
            winners.computeIfAbsent(ticket, k -> new AtomicInteger()).incrementAndGet();
        } else if (status == 409) {
            losers.computeIfAbsent(ticket, k -> new AtomicInteger()).incrementAndGet();
            if (!session.contains("winner")) {
                losersNotNamingWinner.incrementAndGet();
            }
        }
        return session.remove("status").remove("winner");
    }

    private final long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();

    /** Done when every ticket was opened, this person's list is empty and they saw every ticket claimed. */
    private boolean finished(Session session) {
        if (System.nanoTime() > deadline) {
            return true;
        }
        Set<String> seenClaimed = session.get("seenClaimed");
        return opened.get() >= ticketCount && ((ArrayDeque<?>) session.get("todo")).isEmpty()
                && seenClaimed.size() >= ticketCount;
    }

    private final ScenarioBuilder customersWriting = scenario("customers")
            .exec(session -> asPerson(session, customers.get(customerIndex.getAndIncrement())))
            .exec(http("open ticket").post("/api/conversations")
                    .body(StringBody("{\"subject\":\"Đơn hàng chưa tới\",\"message\":\"Xin chào, đơn hàng của tôi chưa giao hàng\",\"priority\":\"high\"}"))
                    .check(status().is(201)))
            .exec(session -> {
                opened.incrementAndGet();
                return session;
            });

    {
        setUp(
                staffOnFloor.injectOpen(rampUsers(staffCount).during(Duration.ofSeconds(3))),
                customersWriting.injectOpen(nothingFor(Duration.ofSeconds(6)),
                        constantUsersPerSec(rate).during(Duration.ofMillis(1000L * ticketCount / rate))))
                .protocols(Sockets.protocol())
                .assertions(global().failedRequests().count().is(0L));
    }

    @Override
    public void after() {
        Set<String> all = new HashSet<>(lastCreatedFrame.keySet());
        long withoutOneWinner = all.stream().filter(t -> winners.getOrDefault(t, new AtomicInteger()).get() != 1).count();
        long missedClaimed = all.stream().mapToLong(t -> staffCount - claimedSeenBy.getOrDefault(t, Set.of()).size()).sum();
        lastCreatedFrame.values().forEach(v -> latencies.record("new ticket → every staff socket (last of " + staffCount + ")", v));
        latencies.figure("staff × tickets × rate", staffCount + " × " + ticketCount + " × " + rate + "/s");
        latencies.figure("tickets opened (201)", opened.get());
        latencies.figure("tickets seen on sockets", all.size());
        latencies.figure("tickets without exactly one 200", withoutOneWinner);
        latencies.figure("409 answers", losers.values().stream().mapToInt(AtomicInteger::get).sum());
        latencies.figure("409 not naming the winner", losersNotNamingWinner.get());
        latencies.figure("claims answered neither 200 nor 409", unexpected.get());
        latencies.figure("conversation.claimed frames missed (staff × tickets)", missedClaimed);
        latencies.figure("conversation.created frames a socket got twice", duplicateFrames.get());
        latencies.report("claim-storm", "Claim storm");
        boolean ok = withoutOneWinner == 0 && all.size() == ticketCount && losersNotNamingWinner.get() == 0
                && unexpected.get() == 0 && missedClaimed == 0;
        System.out.println(ok ? "CLAIM STORM CHECKS PASSED" : "CLAIM STORM CHECKS FAILED");
    }
}
