package com.parley.conversation.claim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import com.parley.conversation.Api;
import com.parley.conversation.ticket.Conversation;
import com.parley.conversation.ticket.CreateTicketRequest;
import com.parley.conversation.ticket.TicketCreation;
import com.parley.events.Role;
import com.parley.events.Topics;
import com.parley.support.security.CurrentUser;
import com.parley.testsupport.EventProbe;
import com.parley.testsupport.ParleyIntegrationTest;
import com.parley.testsupport.TestHttp;
import com.parley.testsupport.Outboxes;

/**
 * The product's central promise: one claim winner per ticket however many staff click at the same instant.
 * 32 staff threads race over every one of 500 pending tickets, through real HTTP, on the MongoDB wire server;
 * all 32 are released together at a barrier per ticket, so each ticket really has 32 simultaneous claimants.
 */
@ParleyIntegrationTest
class ClaimRaceTests {

    static final int STAFF = 32;
    static final int TICKETS = 500;

    @LocalServerPort
    int port;

    @Autowired
    TicketCreation creation;

    @Autowired
    MongoTemplate mongo;

    record Attempt(String staffId, int status, String code, String claimedById) {
    }

    @Test
    void everyTicketHasExactlyOneWinnerEveryLoserIsToldWhoAndOneClaimedEventPerTicketReachesKafka() throws Exception {
        String customer = Api.unique("race");
        CurrentUser customerUser = new CurrentUser(customer, "Race customer", Set.of(Role.CUSTOMER));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < TICKETS; i++) {
            ids.add(creation.create(customerUser, new CreateTicketRequest(null, "ticket " + i, null, null,
                    i % 4 == 0 ? "urgent" : "medium", null, null), null).ticket().id());
        }
        Set<String> ticketIds = new HashSet<>(ids);
        Api api = new Api(port);
        List<TestHttp> staff = new ArrayList<>();
        for (int s = 0; s < STAFF; s++) {
            staff.add(api.staff("race-s" + s));
        }
        Map<String, List<Attempt>> attempts = new ConcurrentHashMap<>();
        CyclicBarrier together = new CyclicBarrier(STAFF);

        try (EventProbe probe = EventProbe.onSharedBroker(Topics.CONVERSATIONS);
             ExecutorService pool = Executors.newFixedThreadPool(STAFF)) {
            long started = System.nanoTime();
            List<Future<?>> runs = new ArrayList<>();
            for (int s = 0; s < STAFF; s++) {
                String staffId = "race-s" + s;
                TestHttp http = staff.get(s);
                runs.add(pool.submit(() -> {
                    for (String id : ids) {
                        together.await(60, TimeUnit.SECONDS);
                        TestHttp.Response r = http.put("/api/conversations/" + id + "/seen", null);
                        attempts.computeIfAbsent(id, k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                                .add(new Attempt(staffId, r.status(), r.code(),
                                        r.status() == 200 ? r.json().path("assignedTo").path("id").asString()
                                                : r.json().path("claimedBy").path("id").asString()));
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get(15, TimeUnit.MINUTES);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("CLAIM RACE: %d staff x %d tickets = %d claim requests over HTTP in %.1f s: %.0f claims/s%n",
                    STAFF, TICKETS, STAFF * TICKETS, seconds, STAFF * TICKETS / seconds);

            for (String id : ids) {
                List<Attempt> tried = attempts.get(id);
                assertThat(tried).as("attempts on %s", id).hasSize(STAFF);
                List<Attempt> winners = tried.stream().filter(a -> a.status() == 200).toList();
                assertThat(winners).as("winners of %s", id).hasSize(1);
                String winner = winners.getFirst().staffId();
                assertThat(winners.getFirst().claimedById()).isEqualTo(winner);
                assertThat(tried.stream().filter(a -> a.status() != 200)).as("losers of %s", id)
                        .hasSize(STAFF - 1)
                        .allSatisfy(loser -> {
                            assertThat(loser.status()).isEqualTo(409);
                            assertThat(loser.code()).isEqualTo("already_claimed");
                            assertThat(loser.claimedById()).isEqualTo(winner);
                        });
                Conversation stored = mongo.findById(id, Conversation.class);
                assertThat(stored.status()).isEqualTo("assigned");
                assertThat(stored.assigneeId()).isEqualTo(winner);
                assertThat(stored.seenBy()).hasSize(1);
            }

            var claimed = probe.await(e -> ticketIds.contains(e.conversationId())
                    && e.type().equals("conversation.claimed"), TICKETS, Duration.ofMinutes(3));
            assertThat(claimed).hasSize(TICKETS);
            var all = probe.awaitQuiet(Outboxes.drained(mongo, "conversations")).stream()
                    .filter(e -> ticketIds.contains(e.conversationId()) && e.type().equals("conversation.claimed"))
                    .toList();
            assertThat(all).hasSize(TICKETS);
            assertThat(all.stream().map(e -> e.conversationId()).collect(Collectors.toSet())).isEqualTo(ticketIds);
        } finally {
            mongo.remove(Query.query(Criteria.where("customerId").is(customer)), Conversation.class);
        }
    }
}
