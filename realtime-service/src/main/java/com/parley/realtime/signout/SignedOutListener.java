package com.parley.realtime.signout;

import java.nio.charset.StandardCharsets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.connection.Message;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.MeterRegistry;

import com.parley.realtime.connection.ClientConnection;
import com.parley.realtime.connection.CloseCodes;
import com.parley.realtime.connection.LocalConnections;
import com.parley.realtime.system.ChannelListener;

/**
 * When the gateway ends a person's sessions (they signed out everywhere, or an admin ended them) it announces
 * the user id on a Redis channel; every node closes that person's sockets with 4003 {@code signed_out}, within
 * the moment pub/sub takes. Their reconnect then finds no session at the gateway.
 */
@Component
class SignedOutListener implements ChannelListener {

    private static final Logger log = LoggerFactory.getLogger(SignedOutListener.class);

    private final LocalConnections connections;
    private final MeterRegistry meters;
    private final String channel;

    SignedOutListener(LocalConnections connections, MeterRegistry meters,
                      @Value("${parley.realtime.sessions-revoked-channel:parley:sessions:revoked}") String channel) {
        this.connections = connections;
        this.meters = meters;
        this.channel = channel;
    }

    @Override
    public String channel() {
        return channel;
    }

    @Override
    public void onMessage(Message message, byte[] pattern) {
        String userId = new String(message.getBody(), StandardCharsets.UTF_8).strip();
        if (userId.isEmpty()) {
            return;
        }
        int closed = 0;
        for (ClientConnection connection : connections.ofUser(userId)) {
            connection.close(CloseCodes.SIGNED_OUT);
            closed++;
        }
        meters.counter("parley.realtime.signed.out.sockets").increment(closed);
        if (closed > 0) {
            log.info("Closed {} socket(s) of {}: their sessions were ended", closed, userId);
        }
    }
}
