package com.parley.load;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;

import io.gatling.http.action.ws.WsInboundMessage;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;

/**
 * Busy chat: {@code conversations} claimed tickets, each customer writing into theirs, open loop at {@code rate}
 * messages per second for {@code seconds}; the staff who hold them ({@code staff}, each with an equal share) read
 * on their WebSockets. Measures the time from a message's intended send time (when its virtual user was due)
 * to its {@code message.new} frame on the staff socket; checks that every message answered 201 arrived there
 * exactly once.
 *
 * <pre>./mvnw -P load -pl load-tests gatling:test -Dsimulation=com.parley.load.BusyChat -Dconversations=300 -Drate=300 -Dseconds=60</pre>
 */
public class BusyChat extends Simulation {

    private final int conversationCount = Stack.intProperty("conversations", 300);
    private final int staffCount = Stack.intProperty("staff", 30);
    private final int rate = Stack.intProperty("rate", 300);
    private final int seconds = Stack.intProperty("seconds", 60);
    private final String run = Long.toString(System.currentTimeMillis() % 100_000, 36);

    private final Latencies latencies = new Latencies();
    private final Set<String> accepted = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> delivered = new ConcurrentHashMap<>();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger staffIndex = new AtomicInteger();
    private final AtomicLong sendingEndsAt = new AtomicLong(Long.MAX_VALUE);

    private List<Stack.Person> staff;
    private List<Stack.Person> customers;
    private List<String> tickets;

    @Override
    public void before() {
        staff = Stack.parallel(staffCount, i -> Stack.person("STAFF", "bs-" + run + "-" + i, "Staff " + i, Stack.ip(21, i)));
        customers = Stack.parallel(conversationCount, i -> Stack.person("CUSTOMER", "bc-" + run + "-" + i, "Customer " + i,
                Stack.ip(22, i)));
        tickets = Stack.parallel(conversationCount, i -> {
            Stack.Person customer = customers.get(i);
            String id = Stack.call("POST", "/api/conversations", customer.token(), customer.ip(),
                    "{\"message\":\"Cho tôi hỏi về đơn hàng\"}", 201).path("id").asText();
            Stack.Person holder = staff.get(i % staffCount);
            Stack.call("PUT", "/api/conversations/" + id + "/seen", holder.token(), holder.ip(), null, 200);
            return id;
        });
        // staff read until every accepted message arrived, at most 10 s after the senders' schedule ends
        sendingEndsAt.set(System.currentTimeMillis() + 3_000 + seconds * 1_000L + 5_000);
        System.out.printf("Busy chat: %d conversations held by %d staff, %d messages/s for %d s against %s%n",
                conversationCount, staffCount, rate, seconds, Stack.URL);
    }

    private Session read(List<WsInboundMessage> frames, Session session) {
        for (WsInboundMessage frame : frames) {
            if (!(frame instanceof WsInboundMessage.Text text) || !text.message().contains("\"message.new\"")) {
                continue;
            }
            JsonNode data = Stack.parse(text.message()).path("data");
            String content = data.path("content").asText();
            if (!content.startsWith("load ")) {
                continue; // the first message and system lines of the set-up
            }
            String[] parts = content.split(" ");
            latencies.record("send (intended time) → staff socket", text.timestamp() - Long.parseLong(parts[1]));
            delivered.computeIfAbsent(parts[2], k -> new AtomicInteger()).incrementAndGet();
        }
        return session;
    }

    private final ScenarioBuilder staffReading = scenario("staff")
            .exec(session -> {
                Stack.Person p = staff.get(staffIndex.getAndIncrement());
                return session.set("token", p.token()).set("ip", p.ip());
            })
            .exec(Sockets.join(10))
            .asLongAs(session -> System.currentTimeMillis() < sendingEndsAt.get() + 10_000
                    && !(System.currentTimeMillis() > sendingEndsAt.get() && delivered.size() >= accepted.size()))
            .on(exec(ws.processUnmatchedMessages(this::read)).pause(Duration.ofMillis(20)))
            .exec(ws.processUnmatchedMessages(this::read))
            .exec(ws("close").close());

    private final ScenarioBuilder customersWriting = scenario("customers")
            .exec(session -> {
                int i = Math.floorMod(next.getAndIncrement(), conversationCount);
                Stack.Person c = customers.get(i);
                String key = UUID.randomUUID().toString();
                return session.set("token", c.token()).set("ip", c.ip()).set("ticket", tickets.get(i)).set("key", key)
                        .set("body", "{\"content\":\"load " + System.currentTimeMillis() + " " + key
                                + "\",\"clientMessageId\":\"" + key + "\"}");
            })
            .exec(http("send").post("/api/conversations/#{ticket}/messages").body(StringBody("#{body}"))
                    .check(status().saveAs("status")))
            .exec(session -> {
                if (session.getInt("status") == 201) {
                    accepted.add(session.getString("key"));
                } else {
                    refused.incrementAndGet();
                }
                return session;
            });

    {
        setUp(
                staffReading.injectOpen(atOnceUsers(staffCount)),
                customersWriting.injectOpen(nothingFor(Duration.ofSeconds(3)),
                        constantUsersPerSec(rate).during(Duration.ofSeconds(seconds))))
                .protocols(Sockets.protocol())
                .assertions(global().failedRequests().count().is(0L));
    }

    @Override
    public void after() {
        long lost = accepted.stream().filter(k -> !delivered.containsKey(k)).count();
        long duplicated = delivered.values().stream().filter(n -> n.get() > 1).count();
        latencies.figure("conversations × staff × rate × seconds",
                conversationCount + " × " + staffCount + " × " + rate + "/s × " + seconds + " s");
        latencies.figure("sends answered 201", accepted.size());
        latencies.figure("sends answered otherwise", refused.get());
        latencies.figure("accepted but never on the staff socket (lost)", lost);
        latencies.figure("delivered more than once to a socket", duplicated);
        latencies.report("busy-chat", "Busy chat");
        System.out.println(lost == 0 && duplicated == 0 && refused.get() == 0
                ? "BUSY CHAT CHECKS PASSED" : "BUSY CHAT CHECKS FAILED");
    }
}
