package com.parley.support.fence;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Read-your-writes between a conversation's owner and the services that keep a projection of it. Before
 * conversation-service answers a state change, it raises the conversation's fence in Redis to the version that
 * change gave it; a projection (messaging's access table) trusts its own "yes" only while it has applied at least
 * that version. So a post that comes a millisecond after "closed" or "transferred" was answered is checked with the
 * owner, although the event that closes it is still on its way through Kafka.
 *
 * <p>Best effort on the writer's side: when Redis is down the change stands and the event still arrives (the window
 * is the event's lag, as without the fence). On the reader's side a fence that cannot be read is not trusted: the
 * caller checks with the owner.
 */
public class ConversationVersionFence {

    static final String PREFIX = "parley:fence:conversation:";
    private static final Logger log = LoggerFactory.getLogger(ConversationVersionFence.class);

    // only ever moves forward: two instances answering changes of one conversation may reach Redis out of order
    private static final RedisScript<Long> RAISE = RedisScript.of("""
            local current = tonumber(redis.call('GET', KEYS[1]) or '0')
            local version = tonumber(ARGV[1])
            if version > current then
              redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
              return version
            end
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return current
            """, Long.class);

    private final StringRedisTemplate redis;
    private final Duration keepFor;
    private final MeterRegistry meters;

    public ConversationVersionFence(StringRedisTemplate redis, Duration keepFor, MeterRegistry meters) {
        this.redis = redis;
        this.keepFor = keepFor;
        this.meters = meters;
    }

    /** Called by the owner after a change to {@code version} was written, before it answers. */
    public void raise(String conversationId, long version) {
        try {
            redis.execute(RAISE, List.of(key(conversationId)), Long.toString(version),
                    Long.toString(keepFor.toMillis()));
            meters.counter("parley.fence.raises", "outcome", "raised").increment();
        } catch (DataAccessException e) {
            meters.counter("parley.fence.raises", "outcome", "failed").increment();
            log.warn("Fence of conversation {} not raised to v{} (Redis: {}); projections catch up from the event",
                    conversationId, version, e.getMessage());
        }
    }

    /**
     * Whether a projection that has applied {@code appliedVersion} (null: unknown) holds every change the owner has
     * answered. False when the fence is ahead of it or cannot be read.
     */
    public boolean isCaughtUp(String conversationId, Long appliedVersion) {
        String fence;
        try {
            fence = redis.opsForValue().get(key(conversationId));
        } catch (DataAccessException e) {
            meters.counter("parley.fence.checks", "outcome", "unavailable").increment();
            return false;
        }
        boolean caughtUp = fence == null || appliedVersion != null && appliedVersion >= Long.parseLong(fence);
        meters.counter("parley.fence.checks", "outcome", caughtUp ? "caught_up" : "behind").increment();
        return caughtUp;
    }

    static String key(String conversationId) {
        return PREFIX + conversationId;
    }
}
