package com.parley.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.parley.realtime.conversation.ConversationMembers;
import com.parley.testsupport.ParleyIntegrationTest;

/**
 * Every node writes the participants of every event it consumes; a node that lags, or a replayed event, must
 * not put an older participant list back (a transferred ticket's previous assignee would regain typing/resume).
 */
@ParleyIntegrationTest
class MembersOrderingIntegrationTests {

    @Autowired
    ConversationMembers members;

    record Learnt(Instant at, List<String> participants) {
    }

    @Test
    void oldAndDuplicateEventsInShuffledOrderNeverPutAnOlderParticipantListBack() {
        Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
        List<Learnt> history = List.of(
                new Learnt(t0, List.of("cust")),
                new Learnt(t0.plusSeconds(1), List.of("cust", "staff-a")),
                new Learnt(t0.plusSeconds(2), List.of("cust", "staff-b")),
                new Learnt(t0.plusSeconds(3), List.of("cust", "staff-c")));
        Random random = new Random(18);
        for (int round = 0; round < 20; round++) {
            String conversation = TestEvents.newId("members");
            List<Learnt> deliveries = new ArrayList<>(history);
            deliveries.addAll(history.subList(0, 1 + random.nextInt(history.size())));
            Collections.shuffle(deliveries, random);

            Instant newestSoFar = Instant.MIN;
            for (Learnt learnt : deliveries) {
                members.learn(conversation, "support", learnt.participants(), learnt.at());
                if (learnt.at().isAfter(newestSoFar)) {
                    newestSoFar = learnt.at();
                }
                Instant newest = newestSoFar;
                List<String> expected = history.stream().filter(h -> h.at().equals(newest)).findFirst()
                        .orElseThrow().participants();
                assertThat(members.of(conversation).orElseThrow().participantIds()).as("round %d", round)
                        .containsExactlyElementsOf(expected);
            }
            assertThat(members.of(conversation).orElseThrow().participantIds()).containsExactly("cust", "staff-c");
        }
    }
}
