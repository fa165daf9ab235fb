package com.parley.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

import com.parley.events.PresenceKeys;
import com.parley.realtime.presence.PresenceHeartbeat;
import com.parley.testsupport.ParleyIntegrationTest;
import com.parley.testsupport.TestTokens;

/** A node that stops refreshing the registry (crashed, frozen) loses its users after the TTL, by itself. */
@ParleyIntegrationTest
class PresenceExpiryIntegrationTests {

    @LocalServerPort
    int nodeA;
    @Autowired
    ConfigurableApplicationContext contextA;
    @Autowired
    StringRedisTemplate redis;

    @Test
    void usersOfANodeWhoseHeartbeatStoppedGoOfflineAfterTheTtlWhileTheOtherNodesUsersStay() {
        String run = TestEvents.newId("hb");
        String onB = run + "-on-b";
        String onA = run + "-on-a";
        PresenceHeartbeat heartbeatB = RealtimeNodes.nodeB().getBean(PresenceHeartbeat.class);
        try (WsClient staffOnB = WsClient.connect(RealtimeNodes.portOfNodeB(), TestTokens.staff(onB));
             WsClient staffOnA = WsClient.connect(nodeA, TestTokens.staff(onA))) {
            assertThat(redis.hasKey(PresenceKeys.online(onB))).isTrue();
            assertThat(redis.opsForSet().isMember(PresenceKeys.onlineStaff(), onB)).isTrue();
            String sessionOnB = staffOnB.ofType("connected").getFirst().path("data").path("sessionId").asString();

            heartbeatB.stop();

            // the test TTL is 1.5 s; the socket itself stays open, only the registry stops hearing from node-b
            await().atMost(Duration.ofSeconds(20)).until(() -> !redis.hasKey(PresenceKeys.online(onB)));
            assertThat(redis.hasKey(PresenceKeys.session(sessionOnB))).isFalse();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> !redis.opsForSet().isMember(PresenceKeys.onlineStaff(), onB));
            staffOnA.awaitFrame("presence", d -> d.path("userId").asString().equals(onB)
                    && d.path("status").asString().equals("offline"));
            // node-a keeps heartbeating: its user is still online well after the TTL
            assertThat(redis.hasKey(PresenceKeys.online(onA))).isTrue();
            assertThat(redis.opsForSet().isMember(PresenceKeys.onlineStaff(), onA)).isTrue();

            heartbeatB.start();

            // the next heartbeat re-registers the sockets that are still connected
            await().atMost(Duration.ofSeconds(20)).until(() -> redis.hasKey(PresenceKeys.online(onB)));
            assertThat(redis.opsForHash().get(PresenceKeys.session(sessionOnB), "node")).isEqualTo("node-b");
        } finally {
            heartbeatB.start();
        }
    }
}
