package com.parley.notification.presence;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

import com.parley.events.PresenceKeys;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Reads the realtime service's presence registry ({@link PresenceKeys}); never writes it. When Redis cannot be
 * asked the user counts as offline: a notification too many beats one lost.
 */
@Component
public class Presence {

    private static final Logger log = LoggerFactory.getLogger(Presence.class);

    private final StringRedisTemplate redis;
    private final MeterRegistry meters;

    Presence(StringRedisTemplate redis, MeterRegistry meters) {
        this.redis = redis;
        this.meters = meters;
    }

    /** True while the user has at least one live session on any realtime node. */
    public boolean isOnline(String userId) {
        try {
            return Boolean.TRUE.equals(redis.hasKey(PresenceKeys.online(userId)));
        } catch (DataAccessException e) {
            unavailable(e);
            return false;
        }
    }

    /** True while at least one staff member has a live session. */
    public boolean anyStaffOnline() {
        try {
            Long size = redis.opsForSet().size(PresenceKeys.onlineStaff());
            return size != null && size > 0;
        } catch (DataAccessException e) {
            unavailable(e);
            return false;
        }
    }

    private void unavailable(DataAccessException e) {
        meters.counter("parley.notifications.presence.unavailable").increment();
        log.warn("Presence registry unavailable, treating the user as offline: {}", e.toString());
    }
}
