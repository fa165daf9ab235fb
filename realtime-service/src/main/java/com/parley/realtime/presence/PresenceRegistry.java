package com.parley.realtime.presence;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

import com.parley.events.PresenceKeys;
import com.parley.realtime.connection.ClientConnection;
import com.parley.realtime.connection.ConnectionListener;
import com.parley.realtime.connection.Frames;
import com.parley.realtime.system.RealtimeProperties;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The session/presence registry in Redis, with the keys of {@link PresenceKeys} (notification-service reads
 * them). Every entry has a TTL that this node's heartbeat refreshes, so the users of a node that dies go offline
 * by themselves after {@code session-ttl}. Multi-key updates run as Lua scripts: a user connecting on one node
 * while their last socket on another closes can never leave them "offline" while connected.
 *
 * <p>Spring Session is not used: its keys model HTTP sessions, not the contract above.
 */
@Component
public class PresenceRegistry implements ConnectionListener {

    private static final Logger log = LoggerFactory.getLogger(PresenceRegistry.class);

    /** Registers (or re-registers, on heartbeat) one session; returns 1 when the user just came online. */
    private static final RedisScript<Long> REGISTER = new DefaultRedisScript<>("""
            redis.call('HSET', KEYS[1], 'userId', ARGV[2], 'node', ARGV[3], 'connectedAt', ARGV[4])
            redis.call('PEXPIRE', KEYS[1], ARGV[5])
            redis.call('SADD', KEYS[2], ARGV[1])
            redis.call('PEXPIRE', KEYS[2], ARGV[5])
            local cameOnline = 0
            if redis.call('EXISTS', KEYS[3]) == 0 then
              redis.call('SET', KEYS[3], ARGV[6], 'PX', ARGV[5])
              cameOnline = 1
            else
              redis.call('PEXPIRE', KEYS[3], ARGV[5])
            end
            if ARGV[7] == '1' then
              redis.call('SADD', KEYS[4], ARGV[2])
              redis.call('PEXPIRE', KEYS[4], ARGV[5])
            end
            return cameOnline
            """, Long.class);

    /** Removes one session; returns 1 when it was the user's last live one (they went offline). */
    private static final RedisScript<Long> UNREGISTER = new DefaultRedisScript<>("""
            redis.call('DEL', KEYS[1])
            redis.call('SREM', KEYS[2], ARGV[1])
            for _, other in ipairs(redis.call('SMEMBERS', KEYS[2])) do
              if redis.call('EXISTS', ARGV[3] .. other) == 0 then
                redis.call('SREM', KEYS[2], other)
              end
            end
            if redis.call('SCARD', KEYS[2]) == 0 then
              redis.call('DEL', KEYS[2], KEYS[3])
              redis.call('SREM', KEYS[4], ARGV[2])
              return 1
            end
            return 0
            """, Long.class);

    private final StringRedisTemplate redis;
    private final RealtimeProperties properties;
    private final PresenceBroadcast broadcast;
    private final Frames frames;
    private final MeterRegistry meters;

    public PresenceRegistry(StringRedisTemplate redis, RealtimeProperties properties, PresenceBroadcast broadcast,
                            Frames frames, MeterRegistry meters) {
        this.redis = redis;
        this.properties = properties;
        this.broadcast = broadcast;
        this.frames = frames;
        this.meters = meters;
    }

    /** The value of {@link PresenceKeys#online}: {@code {"status": "online|away", "since": "…"}}. */
    public record Presence(String status, Instant since) {
    }

    @Override
    public void opened(ClientConnection connection) {
        if (register(connection)) {
            broadcast.publish(connection.user(), connection.status(), Instant.now());
        }
    }

    @Override
    public void closed(ClientConnection connection) {
        String userId = connection.user().id();
        Long wentOffline = redis.execute(UNREGISTER,
                List.of(PresenceKeys.session(connection.sessionId()), PresenceKeys.sessions(userId),
                        PresenceKeys.online(userId), PresenceKeys.onlineStaff()),
                connection.sessionId(), userId, PresenceKeys.session(""));
        if (wentOffline != null && wentOffline == 1) {
            broadcast.publish(connection.user(), "offline", Instant.now());
        }
    }

    /** Writes (or refreshes) a session's entries; true when the user was offline before. */
    boolean register(ClientConnection connection) {
        String userId = connection.user().id();
        Long cameOnline = redis.execute(REGISTER,
                List.of(PresenceKeys.session(connection.sessionId()), PresenceKeys.sessions(userId),
                        PresenceKeys.online(userId), PresenceKeys.onlineStaff()),
                connection.sessionId(), userId, properties.nodeId(), connection.connectedAt().toString(),
                String.valueOf(properties.sessionTtl().toMillis()),
                frames.toJson(new Presence(connection.status(), Instant.now())),
                connection.user().isSupportAgent() ? "1" : "0");
        return cameOnline != null && cameOnline == 1;
    }

    /** A user sets their availability (staff: online / away); it holds until they go offline. */
    public Instant setStatus(String userId, String status) {
        Instant since = Instant.now();
        redis.opsForValue().set(PresenceKeys.online(userId), frames.toJson(new Presence(status, since)),
                properties.sessionTtl());
        return since;
    }

    /**
     * Removes staff whose presence expired (their node died) from {@link PresenceKeys#onlineStaff()} and tells
     * the other staff. Any node may do it; only the node whose SREM succeeds announces it.
     */
    void sweepExpiredStaff() {
        Set<String> staff = redis.opsForSet().members(PresenceKeys.onlineStaff());
        if (staff == null) {
            return;
        }
        for (String userId : staff) {
            if (!Boolean.TRUE.equals(redis.hasKey(PresenceKeys.online(userId)))) {
                Long removed = redis.opsForSet().remove(PresenceKeys.onlineStaff(), userId);
                if (removed != null && removed == 1) {
                    meters.counter("parley.realtime.presence.expired").increment();
                    log.info("Staff {} went offline: their node stopped refreshing the registry", userId);
                    broadcast.publishOffline(userId);
                }
            }
        }
    }

    /** Whether the user has a live session on any node (what other services ask). */
    public Optional<Presence> presenceOf(String userId) {
        String json = redis.opsForValue().get(PresenceKeys.online(userId));
        return json == null ? Optional.empty() : Optional.of(frames.json().readValue(json, Presence.class));
    }

    /** The user's live session ids, each with its node. */
    public Map<String, String> sessionsOf(String userId) {
        Set<String> ids = redis.opsForSet().members(PresenceKeys.sessions(userId));
        java.util.Map<String, String> result = new java.util.TreeMap<>();
        if (ids != null) {
            for (String id : ids) {
                Object node = redis.opsForHash().get(PresenceKeys.session(id), "node");
                if (node != null) {
                    result.put(id, node.toString());
                }
            }
        }
        return result;
    }
}
