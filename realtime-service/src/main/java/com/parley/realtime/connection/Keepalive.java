package com.parley.realtime.connection;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import com.parley.realtime.system.RealtimeProperties;

/**
 * Pings every socket each {@code ping-interval} and closes the ones that stopped answering (4010), whose token
 * expired (4001) or whose current write is stuck (4008). Also opens each new socket's resume gate after
 * {@code resume-grace}.
 */
@Component
public class Keepalive implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Keepalive.class);

    private final LocalConnections connections;
    private final RealtimeProperties properties;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("realtime-keepalive").daemon().factory());
    private volatile boolean running;

    public Keepalive(LocalConnections connections, RealtimeProperties properties) {
        this.connections = connections;
        this.properties = properties;
    }

    void schedule(Runnable task, Duration delay) {
        try {
            scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            task.run(); // shutting down: nothing to wait for
        }
    }

    private void tick() {
        try {
            Instant now = Instant.now();
            long nowNanos = System.nanoTime();
            for (ClientConnection connection : connections.all()) {
                if (connection.tokenExpired(now)) {
                    log.info("Closing {}: token expired", connection);
                    connection.close(CloseCodes.TOKEN_EXPIRED);
                } else if (connection.writeStuck(nowNanos)) {
                    log.info("Closing {}: a write is blocked longer than {}", connection, properties.sendTimeLimit());
                    connection.close(CloseCodes.SLOW_CONSUMER);
                } else if (connection.pingDue(properties.maxMissedPongs())) {
                    log.info("Closing {}: {} pings without a pong", connection, properties.maxMissedPongs());
                    connection.close(CloseCodes.PONG_TIMEOUT);
                }
            }
        } catch (RuntimeException e) {
            log.warn("Keepalive pass failed: {}", e.toString());
        }
    }

    @Override
    public void start() {
        long period = properties.pingInterval().toMillis();
        scheduler.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        scheduler.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
