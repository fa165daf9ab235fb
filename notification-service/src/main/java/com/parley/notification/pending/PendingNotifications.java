package com.parley.notification.pending;

import org.springframework.data.mongodb.core.index.Index;
import org.springframework.context.event.EventListener;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import com.parley.notification.system.NotificationProperties;

/**
 * The pending-digest documents. Every change is one conditional single-document update, so several service
 * instances (and the listener and the sweep of one instance) can work on them at once without a transaction.
 */
@Component
public class PendingNotifications {

    private final MongoTemplate mongo;
    private final NotificationProperties properties;
    private final Clock clock;

    PendingNotifications(MongoTemplate mongo, NotificationProperties properties, Clock clock) {
        this.mongo = mongo;
        this.properties = properties;
        this.clock = clock;
    }

    /** What {@link #fold} did. */
    public enum Folded {
        /** the item opened a new window */
        OPENED,
        /** the item joined an open window */
        JOINED,
        /** the item (same eventId) already waits in the window: a redelivery */
        ALREADY_WAITING
    }

    /**
     * Folds an item into the recipient's open window under {@code key}, opening one (due after the coalescing
     * window) when there is none. Idempotent on the item's eventId while the window is open.
     */
    public Folded fold(String key, String recipientId, String conversationId, String subject, PendingItem item) {
        Instant now = clock.instant();
        Update update = new Update()
                .setOnInsert("recipientId", recipientId)
                .setOnInsert("conversationId", conversationId)
                .setOnInsert("subject", subject)
                .setOnInsert("windowStart", now)
                .setOnInsert("dueAt", now.plus(properties.coalescing().window()))
                .setOnInsert("rounds", 0)
                .setOnInsert("deliveredChannels", List.of())
                .setOnInsert("tries", Map.of())
                .inc("count", 1)
                .inc("messageCount", "message".equals(item.kind()) ? 1 : 0)
                .max("lastSeq", item.seq());
        update.push("items").slice(-properties.coalescing().maxItems()).each(item);
        // matches the open window unless it already holds this event; then the upsert collides on _id
        Query query = Query.query(Criteria.where("_id").is(key).and("items.eventId").ne(item.eventId()));
        for (int attempt = 1; ; attempt++) {
            try {
                return mongo.upsert(query, update, PendingNotification.class).getUpsertedId() != null
                        ? Folded.OPENED : Folded.JOINED;
            } catch (DuplicateKeyException collided) {
                if (mongo.exists(Query.query(Criteria.where("_id").is(key).and("items.eventId").is(item.eventId())),
                        PendingNotification.class)) {
                    return Folded.ALREADY_WAITING;
                }
                if (attempt == 2) {
                    throw collided;
                }
                // two upserts opened the same window at once: the other one won, ours now joins it
            }
        }
    }

    /**
     * Takes the most overdue digest that no live instance holds, leasing it to the caller. The conditional
     * findAndModify is what makes exactly one instance win it.
     */
    public Optional<PendingNotification> claimDue() {
        Instant now = clock.instant();
        Query query = Query.query(Criteria.where("dueAt").lte(now)
                        .orOperator(Criteria.where("leaseUntil").is(null), Criteria.where("leaseUntil").lt(now)))
                .with(Sort.by("dueAt"));
        Update lease = new Update()
                .set("leaseToken", UUID.randomUUID().toString())
                .set("leaseUntil", now.plus(properties.coalescing().lease()));
        return Optional.ofNullable(mongo.findAndModify(query, lease, FindAndModifyOptions.options().returnNew(true),
                PendingNotification.class));
    }

    /**
     * The claimed digest is done (sent, suppressed or dead-lettered). Removes it; when more items were folded in
     * while it was being handled, keeps only those, as a new window.
     */
    public void complete(PendingNotification claimed) {
        Query unchanged = leased(claimed).addCriteria(Criteria.where("count").is(claimed.count()));
        if (mongo.remove(unchanged, PendingNotification.class).getDeletedCount() == 1) {
            return;
        }
        List<String> handled = claimed.items().stream().map(PendingItem::eventId).toList();
        Instant now = clock.instant();
        Update keepTheRest = new Update()
                .inc("count", -claimed.count())
                .inc("messageCount", -claimed.messageCount())
                .pull("items", new Document("eventId", new Document("$in", handled)))
                .set("windowStart", now)
                .set("dueAt", now.plus(properties.coalescing().window()))
                .set("rounds", 0)
                .set("deliveredChannels", List.of())
                .unset("leaseToken")
                .unset("leaseUntil");
        mongo.updateFirst(leased(claimed), keepTheRest, PendingNotification.class);
    }

    /** A delivery round failed: try again after {@code delay}, remembering what already went out. */
    public void retryLater(PendingNotification claimed, Duration delay, List<String> deliveredChannels,
                           Map<String, Integer> triesThisRound, String error) {
        Update update = new Update()
                .inc("rounds", 1)
                .set("dueAt", clock.instant().plus(delay))
                .set("lastError", error)
                .unset("leaseToken")
                .unset("leaseUntil");
        if (!deliveredChannels.isEmpty()) {
            update.addToSet("deliveredChannels").each(deliveredChannels.toArray());
        }
        triesThisRound.forEach((channel, tries) -> update.inc("tries." + channel, tries));
        mongo.updateFirst(leased(claimed), update, PendingNotification.class);
    }

    /** Quiet hours: keep folding, deliver when they end. */
    public void deferUntil(PendingNotification claimed, Instant when) {
        mongo.updateFirst(leased(claimed),
                new Update().set("dueAt", when).unset("leaseToken").unset("leaseUntil"), PendingNotification.class);
    }

    /**
     * The recipient read the conversation up to {@code upToSeq}: a waiting digest with nothing newer is moot.
     * One being sent right now is left alone. Returns true when one was dropped.
     */
    public boolean dropReadUpTo(String recipientId, String conversationId, long upToSeq) {
        Query query = Query.query(Criteria.where("_id").is(PendingNotification.conversationKey(recipientId, conversationId))
                .and("leaseToken").is(null)
                .and("lastSeq").lte(upToSeq));
        return mongo.remove(query, PendingNotification.class).getDeletedCount() > 0;
    }

    public Optional<PendingNotification> find(String key) {
        return Optional.ofNullable(mongo.findById(key, PendingNotification.class));
    }

    public long countWaiting() {
        return mongo.estimatedCount(PendingNotification.class);
    }

    private static Query leased(PendingNotification claimed) {
        return Query.query(Criteria.where("_id").is(claimed.id()).and("leaseToken").is(claimed.leaseToken()));
    }

    /** The sweep's query; the local wire server ignores it, a real MongoDB needs it. */
    @EventListener(ApplicationStartedEvent.class)
    void createIndexes() {
        mongo.indexOps(PendingNotification.class).createIndex(new Index().on("dueAt", Sort.Direction.ASC));
    }
}
