package com.parley.realtime.presence;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import com.parley.realtime.connection.ClientConnection;
import com.parley.realtime.connection.LocalConnections;
import com.parley.realtime.system.RealtimeProperties;

/**
 * Every {@code heartbeat-interval} this node re-registers its live sockets, which refreshes their TTLs (and
 * re-creates entries that expired, e.g. after Redis restarted), then sweeps staff whose node died. A node that
 * stops heartbeating (crash, freeze, {@link #stop()}) loses its users after {@code session-ttl}.
 */
@Component
public class PresenceHeartbeat implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PresenceHeartbeat.class);

    private final PresenceRegistry registry;
    private final LocalConnections connections;
    private final RealtimeProperties properties;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("realtime-heartbeat").daemon().factory());
    private ScheduledFuture<?> task;

    public PresenceHeartbeat(PresenceRegistry registry, LocalConnections connections, RealtimeProperties properties) {
        this.registry = registry;
        this.connections = connections;
        this.properties = properties;
    }

    void beat() {
        int refreshed = 0;
        try {
            for (ClientConnection connection : connections.all()) {
                if (connection.isOpen()) {
                    registry.register(connection);
                    refreshed++;
                }
            }
            registry.sweepExpiredStaff();
        } catch (RuntimeException e) {
            log.warn("Registry heartbeat failed after {} sessions: {}", refreshed, e.toString());
        }
    }

    @Override
    public synchronized void start() {
        if (task == null) {
            long period = properties.heartbeatInterval().toMillis();
            task = scheduler.scheduleAtFixedRate(this::beat, period, period, TimeUnit.MILLISECONDS);
            log.info("Registry heartbeat every {} (TTL {}) on node {}", properties.heartbeatInterval(),
                    properties.sessionTtl(), properties.nodeId());
        }
    }

    @Override
    public synchronized void stop() {
        if (task != null) {
            task.cancel(false);
            task = null;
            log.info("Registry heartbeat stopped on node {}", properties.nodeId());
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return task != null;
    }
}
