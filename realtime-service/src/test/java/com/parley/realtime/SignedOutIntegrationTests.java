package com.parley.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;

import com.parley.testsupport.ParleyIntegrationTest;
import com.parley.testsupport.TestTokens;

/**
 * The gateway announces "this person's sessions ended" on Redis; their sockets close with 4003 on this node,
 * and nobody else's do.
 */
@ParleyIntegrationTest
class SignedOutIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    StringRedisTemplate redis;

    @Test
    void endingSomeonesSessionsClosesTheirSocketsOnly() {
        String revoked = TestEvents.newId("staff");
        String colleague = TestEvents.newId("staff");
        WsClient laptop = WsClient.connect(port, TestTokens.staff(revoked));
        WsClient phone = WsClient.connect(port, TestTokens.staff(revoked));
        WsClient other = WsClient.connect(port, TestTokens.staff(colleague));
        try {
            redis.convertAndSend("parley:sessions:revoked", revoked);

            assertThat(laptop.awaitClose()).isEqualTo(4003);
            assertThat(phone.awaitClose()).isEqualTo(4003);
            assertThat(other.isClosed()).isFalse();
        } finally {
            laptop.close();
            phone.close();
            other.close();
        }
    }
}
