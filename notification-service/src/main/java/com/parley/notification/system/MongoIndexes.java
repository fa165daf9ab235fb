package com.parley.notification.system;

import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;

import com.parley.notification.log.NotificationLogEntry;
import com.parley.notification.pending.PendingNotification;
import com.parley.notification.push.PushSubscription;

/** The indexes the queries rely on on a real MongoDB (the local wire server ignores non-unique ones). */
@Component
class MongoIndexes {

    private final MongoTemplate mongo;

    MongoIndexes(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @EventListener(ApplicationStartedEvent.class)
    void create() {
        mongo.indexOps(PendingNotification.class).createIndex(new Index().on("dueAt", Sort.Direction.ASC));
        mongo.indexOps(NotificationLogEntry.class).createIndex(
                new Index().on("userId", Sort.Direction.ASC).on("_id", Sort.Direction.DESC));
        mongo.indexOps(PushSubscription.class).createIndex(new Index().on("userId", Sort.Direction.ASC));
    }
}
