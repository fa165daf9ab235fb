package com.parley.realtime.connection;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/** The sockets connected to this node, by session id and by user; fan-out looks recipients up here. */
@Component
public class LocalConnections {

    private final Map<String, ClientConnection> bySession = new ConcurrentHashMap<>();
    private final Map<String, Set<ClientConnection>> byUser = new ConcurrentHashMap<>();
    private final Set<ClientConnection> supportAgents = ConcurrentHashMap.newKeySet();

    void add(ClientConnection connection) {
        bySession.put(connection.sessionId(), connection);
        byUser.computeIfAbsent(connection.user().id(), id -> ConcurrentHashMap.newKeySet()).add(connection);
        if (connection.user().isSupportAgent()) {
            supportAgents.add(connection);
        }
    }

    ClientConnection remove(String sessionId) {
        ClientConnection connection = bySession.remove(sessionId);
        if (connection != null) {
            byUser.computeIfPresent(connection.user().id(), (id, set) -> {
                set.remove(connection);
                return set.isEmpty() ? null : set;
            });
            supportAgents.remove(connection);
        }
        return connection;
    }

    ClientConnection get(String sessionId) {
        return bySession.get(sessionId);
    }

    public int size() {
        return bySession.size();
    }

    public Collection<ClientConnection> all() {
        return List.copyOf(bySession.values());
    }

    public Set<ClientConnection> ofUser(String userId) {
        Set<ClientConnection> connections = byUser.get(userId);
        return connections == null ? Set.of() : Set.copyOf(connections);
    }

    /** Sockets of all the given users (each socket once). */
    public Set<ClientConnection> ofUsers(Collection<String> userIds) {
        Set<ClientConnection> result = new LinkedHashSet<>();
        if (userIds != null) {
            for (String userId : userIds) {
                Set<ClientConnection> connections = byUser.get(userId);
                if (connections != null) {
                    result.addAll(connections);
                }
            }
        }
        return result;
    }

    /** Sockets of staff and admins: they see the support queue. */
    public Set<ClientConnection> supportAgents() {
        return Set.copyOf(supportAgents);
    }
}
