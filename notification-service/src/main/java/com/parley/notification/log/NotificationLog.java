package com.parley.notification.log;

import org.springframework.data.mongodb.core.index.Index;
import org.springframework.context.event.EventListener;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import java.time.Clock;
import java.util.List;

import org.bson.types.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import com.parley.notification.pending.PendingItem;
import com.parley.notification.pending.PendingNotification;

/** Appends to and pages through the notification log. */
@Component
public class NotificationLog {

    private static final Logger log = LoggerFactory.getLogger(NotificationLog.class);

    private final MongoTemplate mongo;
    private final Clock clock;

    NotificationLog(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    public void record(PendingNotification digest, String channel, String outcome, String reason, String title,
                       int attempts, String error) {
        NotificationLogEntry entry = new NotificationLogEntry(new ObjectId(), digest.recipientId(),
                digest.conversationId(), digest.subject(), channel, outcome, reason, title, digest.count(),
                digest.items().stream().map(PendingItem::eventId).toList(), attempts, error, digest.windowStart(),
                clock.instant());
        mongo.insert(entry);
        log.info("Notification {} for {} on {}: {}{} after {} attempt(s), {} item(s)", digest.id(),
                digest.recipientId(), channel, outcome, reason == null ? "" : " (" + reason + ")", attempts,
                digest.count());
    }

    /** Newest first; {@code cursor} is the id of the last entry of the previous page. */
    public List<NotificationLogEntry> page(String userId, ObjectId before, int limit) {
        Criteria criteria = new Criteria();
        if (userId != null && !userId.isBlank()) {
            criteria = criteria.and("userId").is(userId);
        }
        if (before != null) {
            criteria = criteria.and("_id").lt(before);
        }
        return mongo.find(Query.query(criteria).with(Sort.by(Sort.Direction.DESC, "_id")).limit(limit),
                NotificationLogEntry.class);
    }

    /** Paging one user's entries; the local wire server ignores it, a real MongoDB needs it. */
    @EventListener(ApplicationStartedEvent.class)
    void createIndexes() {
        mongo.indexOps(NotificationLogEntry.class).createIndex(
                new Index().on("userId", Sort.Direction.ASC).on("_id", Sort.Direction.DESC));
    }
}
