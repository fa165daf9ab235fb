package com.parley.messaging.ratelimit;

import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import com.parley.messaging.system.MessagingProperties;
import com.parley.support.problem.ApiException;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * At most N messages per window per user and conversation, as a sliding log in Redis (one sorted set per
 * user+conversation, trimmed and checked by one Lua script with Redis' own clock), so the limit holds across
 * instances and has no burst at a window edge. If Redis is unreachable the send goes through (fail open):
 * losing a chat message to an outage of the limiter would be worse than a short unlimited spell; the
 * {@code parley.messages.rate_limit.unavailable} counter makes that visible.
 */
@Component
public class SendRateLimiter {

    private static final Logger log = LoggerFactory.getLogger(SendRateLimiter.class);

    private static final RedisScript<Long> SLIDING_LOG = RedisScript.of("""
            local key = KEYS[1]
            local limit = tonumber(ARGV[1])
            local window = tonumber(ARGV[2])
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
            if redis.call('ZCARD', key) < limit then
              redis.call('ZADD', key, now, ARGV[3])
              redis.call('PEXPIRE', key, window)
              return 0
            end
            local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
            local wait = tonumber(oldest[2]) + window - now
            if wait < 1 then wait = 1 end
            return wait
            """, Long.class);

    private final StringRedisTemplate redis;
    private final MessagingProperties.RateLimit properties;
    private final MeterRegistry meters;

    SendRateLimiter(StringRedisTemplate redis, MessagingProperties properties, MeterRegistry meters) {
        this.redis = redis;
        this.properties = properties.rateLimit();
        this.meters = meters;
    }

    /** Takes one send from the caller's allowance in this conversation, or refuses with 429 and Retry-After. */
    public void acquire(String userId, String conversationId) {
        if (!properties.enabled()) {
            return;
        }
        Long waitMillis;
        try {
            waitMillis = redis.execute(SLIDING_LOG, List.of("parley:ratelimit:send:" + conversationId + ":" + userId),
                    String.valueOf(properties.messages()), String.valueOf(properties.window().toMillis()),
                    UUID.randomUUID().toString());
        } catch (DataAccessException e) {
            meters.counter("parley.messages.rate_limit.unavailable").increment();
            log.warn("Rate limiter unavailable, letting the send through: {}", e.getMessage());
            return;
        }
        if (waitMillis != null && waitMillis > 0) {
            long retryAfter = Math.max(1, (waitMillis + 999) / 1000);
            meters.counter("parley.messages.rate_limited").increment();
            log.info("Rate limited user {} in conversation {} for {} s", userId, conversationId, retryAfter);
            throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "rate_limited",
                    "At most " + properties.messages() + " messages per " + properties.window().toSeconds()
                            + " s in one conversation; retry in " + retryAfter + " s")
                    .with("retryAfterSeconds", retryAfter);
        }
    }
}
