package com.parley.conversation.claim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import com.parley.conversation.Api;
import com.parley.conversation.ticket.Conversation;
import com.parley.conversation.ticket.CreateTicketRequest;
import com.parley.conversation.ticket.TicketCreation;
import com.parley.events.Role;
import com.parley.events.UserRef;
import com.parley.support.problem.ApiException;
import com.parley.support.security.CurrentUser;
import com.parley.testsupport.ParleyIntegrationTest;

/**
 * The seed's "wrong way" (read, check, then write), kept in test code only, against the real claim under the
 * same race. The naive version's read→write window is widened with a barrier that every claimant reaches after
 * reading, so its failure is certain rather than lucky; the real claim gets the very same barrier before its call.
 */
@ParleyIntegrationTest
class NaiveClaimTests {

    static final int STAFF = 8;
    static final int TICKETS = 50;

    @Autowired
    TicketCreation creation;

    @Autowired
    ClaimService claims;

    @Autowired
    MongoTemplate mongo;

    /** findOne, check pending, (window), updateOne: the bug the seed warns about. */
    static boolean naiveClaim(MongoTemplate mongo, String id, String staffId, CyclicBarrier window) throws Exception {
        Conversation read = mongo.findById(id, Conversation.class);
        if (!Conversation.PENDING.equals(read.status())) {
            return false;
        }
        window.await(30, TimeUnit.SECONDS);
        mongo.updateFirst(Query.query(Criteria.where("_id").is(id)), new Update().set("status", Conversation.ASSIGNED)
                .set("assignedTo", UserRef.of(staffId, staffId)), Conversation.class);
        return true;
    }

    @Test
    void readThenWriteLetsEveryRacerBelieveItWonWhileTheAtomicClaimHasOneWinner() throws Exception {
        String customer = Api.unique("naive");
        List<String> naiveTickets = open(customer, TICKETS);
        List<String> atomicTickets = open(customer, TICKETS);
        try {
            int[] naiveWinners = race(naiveTickets, (id, staff, barrier) -> naiveClaim(mongo, id, staff, barrier));
            int[] atomicWinners = race(atomicTickets, (id, staff, barrier) -> {
                barrier.await(30, TimeUnit.SECONDS);
                try {
                    claims.claim(new CurrentUser(staff, staff, Set.of(Role.STAFF)), id);
                    return true;
                } catch (ApiException e) {
                    assertThat(e.code()).isEqualTo("already_claimed");
                    return false;
                }
            });

            for (int i = 0; i < TICKETS; i++) {
                assertThat(naiveWinners[i]).as("naive winners of ticket %d", i).isEqualTo(STAFF);
                assertThat(atomicWinners[i]).as("atomic winners of ticket %d", i).isEqualTo(1);
            }
            // the naive store kept only the last writer: every other "winner" lost the ticket without knowing
            System.out.printf("NAIVE CLAIM: %d of %d believed winners were overwritten; atomic: 0%n",
                    TICKETS * (STAFF - 1), TICKETS * STAFF);
        } finally {
            mongo.remove(Query.query(Criteria.where("customerId").is(customer)), Conversation.class);
        }
    }

    interface Claimant {
        boolean claim(String id, String staffId, CyclicBarrier barrier) throws Exception;
    }

    private int[] race(List<String> tickets, Claimant claimant) throws Exception {
        int[] winners = new int[tickets.size()];
        CyclicBarrier barrier = new CyclicBarrier(STAFF);
        try (ExecutorService pool = Executors.newFixedThreadPool(STAFF)) {
            List<Future<boolean[]>> results = new ArrayList<>();
            for (int s = 0; s < STAFF; s++) {
                String staff = "naive-s" + s;
                results.add(pool.submit((Callable<boolean[]>) () -> {
                    boolean[] won = new boolean[tickets.size()];
                    for (int i = 0; i < tickets.size(); i++) {
                        won[i] = claimant.claim(tickets.get(i), staff, barrier);
                    }
                    return won;
                }));
            }
            for (Future<boolean[]> result : results) {
                boolean[] won = result.get(5, TimeUnit.MINUTES);
                for (int i = 0; i < won.length; i++) {
                    winners[i] += won[i] ? 1 : 0;
                }
            }
        }
        return winners;
    }

    private List<String> open(String customer, int count) {
        CurrentUser user = new CurrentUser(customer, customer, Set.of(Role.CUSTOMER));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(creation.create(user, new CreateTicketRequest(null, "help " + i, null, null, null, null, null), null)
                    .ticket().id());
        }
        return ids;
    }
}
