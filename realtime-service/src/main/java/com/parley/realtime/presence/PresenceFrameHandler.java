package com.parley.realtime.presence;

import java.util.Set;

import org.springframework.stereotype.Component;

import com.parley.realtime.connection.ClientConnection;
import com.parley.realtime.connection.FrameRejectedException;
import com.parley.realtime.connection.InboundFrameHandler;
import com.parley.realtime.connection.LocalConnections;

import tools.jackson.databind.JsonNode;

/** {@code presence {"status": "online"|"away"}}: a user (typically staff) sets their availability. */
@Component
class PresenceFrameHandler implements InboundFrameHandler {

    private static final Set<String> STATUSES = Set.of("online", "away");

    private final PresenceRegistry registry;
    private final PresenceBroadcast broadcast;
    private final LocalConnections connections;

    PresenceFrameHandler(PresenceRegistry registry, PresenceBroadcast broadcast, LocalConnections connections) {
        this.registry = registry;
        this.broadcast = broadcast;
        this.connections = connections;
    }

    @Override
    public String type() {
        return "presence";
    }

    @Override
    public void handle(ClientConnection connection, JsonNode data) {
        JsonNode status = data.get("status");
        if (status == null || !status.isString() || !STATUSES.contains(status.asString())) {
            throw new FrameRejectedException("invalid_frame", "'status' must be \"online\" or \"away\"");
        }
        String userId = connection.user().id();
        // every socket of the user on this node re-creates the same status if its entry ever expires
        connections.ofUser(userId).forEach(c -> c.status(status.asString()));
        broadcast.publish(connection.user(), status.asString(), registry.setStatus(userId, status.asString()));
    }
}
