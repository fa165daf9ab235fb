package com.parley.realtime.conversation;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

import com.parley.realtime.system.RealtimeProperties;

/**
 * Who takes part in each conversation, learnt from the {@code participantIds} every event carries, so typing
 * and resume can be authorised without calling the conversation service. Kept in Redis (a hash per
 * conversation) so a node that starts later knows conversations it never saw an event of.
 *
 * <p>Every node consumes every event and writes the same entry; an entry only moves forward in event time, so a
 * node that lags behind cannot overwrite a newer participant list with an older one.
 */
@Component
public class ConversationMembers {

    static final String PREFIX = "parley:realtime:members:";

    private static final RedisScript<Long> LEARN = new DefaultRedisScript<>("""
            local current = tonumber(redis.call('HGET', KEYS[1], 'v') or '-1')
            if tonumber(ARGV[1]) >= current then
              redis.call('HSET', KEYS[1], 'v', ARGV[1], 'ids', ARGV[2])
            end
            if ARGV[3] ~= '' then
              redis.call('HSET', KEYS[1], 'kind', ARGV[3])
            end
            redis.call('PEXPIRE', KEYS[1], ARGV[4])
            return 1
            """, Long.class);

    private final StringRedisTemplate redis;
    private final RealtimeProperties properties;

    public ConversationMembers(StringRedisTemplate redis, RealtimeProperties properties) {
        this.redis = redis;
        this.properties = properties;
    }

    /** What realtime knows about a conversation. */
    public record Members(String kind, List<String> participantIds) {

        public boolean includes(String userId) {
            return participantIds.contains(userId);
        }
    }

    public void learn(String conversationId, String kind, Collection<String> participantIds, Instant occurredAt) {
        if (participantIds == null) {
            return;
        }
        redis.execute(LEARN, List.of(PREFIX + conversationId),
                String.valueOf(occurredAt.toEpochMilli()),
                String.join(",", participantIds),
                kind == null ? "" : kind,
                String.valueOf(properties.membersTtl().toMillis()));
    }

    /** Empty when realtime has seen no event of this conversation within {@code members-ttl}. */
    public Optional<Members> of(String conversationId) {
        List<Object> fields = redis.opsForHash().multiGet(PREFIX + conversationId, List.of("kind", "ids"));
        Object ids = fields.get(1);
        if (ids == null) {
            return Optional.empty();
        }
        List<String> participants = ids.toString().isEmpty() ? List.of()
                : Arrays.asList(ids.toString().split(","));
        return Optional.of(new Members(fields.get(0) == null ? null : fields.get(0).toString(), participants));
    }
}
