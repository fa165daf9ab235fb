package com.parley.realtime.resume;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations.TypedTuple;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

import com.parley.realtime.system.RealtimeProperties;

/**
 * The last {@code resume-buffer-size} messages of each conversation (for {@code resume-buffer-ttl} after its
 * last message), as the JSON clients receive in {@code message.new}: a Redis sorted set scored by seq. Written by
 * every node's Kafka consumer; one member per seq, so the same event written twice (by two nodes, or
 * redelivered) is stored once.
 */
@Component
public class RecentMessages {

    static final String PREFIX = "parley:realtime:recent:";

    private static final RedisScript<Long> APPEND = new DefaultRedisScript<>("""
            local added = 0
            if redis.call('ZCOUNT', KEYS[1], ARGV[1], ARGV[1]) == 0 then
              redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
              added = 1
            end
            redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(tonumber(ARGV[3]) + 1))
            redis.call('PEXPIRE', KEYS[1], ARGV[4])
            return added
            """, Long.class);

    private static final RedisScript<Long> REPLACE = new DefaultRedisScript<>("""
            if redis.call('ZCOUNT', KEYS[1], ARGV[1], ARGV[1]) == 0 then
              return 0
            end
            redis.call('ZREMRANGEBYSCORE', KEYS[1], ARGV[1], ARGV[1])
            redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
            return 1
            """, Long.class);

    private final StringRedisTemplate redis;
    private final RealtimeProperties properties;

    public RecentMessages(StringRedisTemplate redis, RealtimeProperties properties) {
        this.redis = redis;
        this.properties = properties;
    }

    /** A buffered message: its seq and its {@code message.new} data JSON. */
    public record Buffered(long seq, String json) {
    }

    public boolean append(String conversationId, long seq, String messageJson) {
        Long added = redis.execute(APPEND, List.of(PREFIX + conversationId), String.valueOf(seq), messageJson,
                String.valueOf(properties.resumeBufferSize()),
                String.valueOf(properties.resumeBufferTtl().toMillis()));
        return added != null && added == 1;
    }

    /** Rewrites the buffered message at {@code seq} (an edit or a delete), if it is still buffered. */
    public void update(String conversationId, long seq, UnaryOperator<String> change) {
        String key = PREFIX + conversationId;
        Set<String> current = redis.opsForZSet().rangeByScore(key, seq, seq);
        if (current == null || current.isEmpty()) {
            return;
        }
        redis.execute(REPLACE, List.of(key), String.valueOf(seq), change.apply(current.iterator().next()));
    }

    /** Up to {@code limit} buffered messages with seq above {@code afterSeq}, ascending. */
    public List<Buffered> after(String conversationId, long afterSeq, int limit) {
        Set<TypedTuple<String>> tuples = redis.opsForZSet()
                .rangeByScoreWithScores(PREFIX + conversationId, afterSeq + 1, Double.POSITIVE_INFINITY, 0, limit);
        List<Buffered> result = new ArrayList<>();
        if (tuples != null) {
            for (TypedTuple<String> tuple : tuples) {
                result.add(new Buffered(tuple.getScore().longValue(), tuple.getValue()));
            }
        }
        return result;
    }
}
