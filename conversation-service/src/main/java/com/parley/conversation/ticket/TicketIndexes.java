package com.parley.conversation.ticket;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.data.domain.Sort.Direction;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.index.IndexOperations;
import org.springframework.stereotype.Component;

/**
 * The indexes of {@code conversations}. The unique ones carry correctness (one ticket per number, one ticket per
 * retried request) on every server; the others are for real MongoDB's query planner (the local wire server
 * ignores non-unique indexes and scans).
 */
@Component
class TicketIndexes implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(TicketIndexes.class);

    private final MongoTemplate mongo;

    TicketIndexes(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public void afterSingletonsInstantiated() {
        IndexOperations indexes = mongo.indexOps(Conversation.COLLECTION);
        indexes.createIndex(new Index().on("ticketNumber", Direction.ASC).unique().sparse().named("ticket_number"));
        indexes.createIndex(new Index().on("requestKey", Direction.ASC).unique().sparse().named("request_key"));
        indexes.createIndex(new Index().on("threadKey", Direction.ASC).unique().sparse().named("thread_key"));
        indexes.createIndex(new Index().on("status", Direction.ASC).on("createdAt", Direction.DESC)
                .named("status_created"));
        indexes.createIndex(new Index().on("kind", Direction.ASC).on("status", Direction.ASC)
                .on("priorityRank", Direction.ASC).on("createdAt", Direction.ASC).named("pending_queue"));
        indexes.createIndex(new Index().on("assignedTo.id", Direction.ASC).on("status", Direction.ASC)
                .named("assignee_status"));
        indexes.createIndex(new Index().on("customerId", Direction.ASC).on("status", Direction.ASC)
                .named("customer_status"));
        indexes.createIndex(new Index().on("buyerId", Direction.ASC).on("sellerId", Direction.ASC)
                .named("buyer_seller"));
        indexes.createIndex(new Index().on("sellerId", Direction.ASC).on("lastMessageAt", Direction.DESC)
                .named("seller_inbox"));
        indexes.createIndex(new Index().on("buyerId", Direction.ASC).on("lastMessageAt", Direction.DESC)
                .named("buyer_inbox"));
        log.info("Indexes of {} are in place", Conversation.COLLECTION);
    }
}
