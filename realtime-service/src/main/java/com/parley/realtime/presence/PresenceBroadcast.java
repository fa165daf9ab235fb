package com.parley.realtime.presence;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

import com.parley.realtime.connection.ClientConnection;
import com.parley.realtime.connection.Frames;
import com.parley.realtime.connection.LocalConnections;
import com.parley.realtime.connection.OutboundFrame;
import com.parley.realtime.system.ChannelListener;
import com.parley.support.security.CurrentUser;

/**
 * Presence changes (online, away, offline) go to every node over Redis pub/sub, and each node sends a
 * {@code presence} frame to its staff sockets: the support team sees who is available.
 */
@Component
public class PresenceBroadcast implements ChannelListener {

    static final String CHANNEL = "parley:realtime:presence";
    private static final Logger log = LoggerFactory.getLogger(PresenceBroadcast.class);

    private final StringRedisTemplate redis;
    private final LocalConnections connections;
    private final Frames frames;

    public PresenceBroadcast(StringRedisTemplate redis, LocalConnections connections, Frames frames) {
        this.redis = redis;
        this.connections = connections;
        this.frames = frames;
    }

    /** The {@code presence} frame's data. */
    record PresenceChange(String userId, String name, boolean staff, String status, Instant since) {
    }

    @Override
    public String channel() {
        return CHANNEL;
    }

    void publish(CurrentUser user, String status, Instant since) {
        send(new PresenceChange(user.id(), user.name(), user.isSupportAgent(), status, since));
    }

    void publishOffline(String staffId) {
        send(new PresenceChange(staffId, null, true, "offline", Instant.now()));
    }

    private void send(PresenceChange change) {
        try {
            redis.convertAndSend(CHANNEL, frames.toJson(change));
        } catch (RuntimeException e) {
            log.warn("Could not broadcast presence of {}: {}", change.userId(), e.toString());
        }
    }

    @Override
    public void onMessage(Message message, byte[] pattern) {
        PresenceChange change = frames.json().readValue(new String(message.getBody(), StandardCharsets.UTF_8),
                PresenceChange.class);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("userId", change.userId());
        data.put("name", change.name());
        data.put("staff", change.staff());
        data.put("status", change.status());
        data.put("since", change.since());
        OutboundFrame frame = frames.frame("presence", data, change.since());
        for (ClientConnection connection : connections.supportAgents()) {
            connection.send(frame);
        }
    }
}
