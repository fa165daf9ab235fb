package com.parley.messaging.system;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;

/**
 * The two unique indexes the send path relies on for correctness (not speed): {@code (conversationId, seq)}
 * makes a sequence number impossible to hand out twice, {@code (conversationId, clientMessageId)} makes a
 * retried send impossible to store twice. Created while the context starts, before listeners
 * and the web server take traffic.
 */
@Component
class MongoIndexes {

    private static final Logger log = LoggerFactory.getLogger(MongoIndexes.class);

    private final MongoTemplate mongo;

    MongoIndexes(MongoTemplate mongo) {
        this.mongo = mongo;
        ensure();
    }

    private void ensure() {
        var messages = mongo.indexOps(Collections.MESSAGES);
        messages.createIndex(new Index().on("conversationId", Sort.Direction.ASC).on("seq", Sort.Direction.ASC)
                .named("conversation_seq").unique());
        messages.createIndex(new Index().on("conversationId", Sort.Direction.ASC)
                .on("clientMessageId", Sort.Direction.ASC).named("conversation_client_message").unique());
        // admin review queue; real MongoDB uses it, the wire server scans
        messages.createIndex(new Index().on("moderation.flagged", Sort.Direction.ASC)
                .on("createdAt", Sort.Direction.DESC).named("flagged_created"));
        mongo.indexOps(Collections.ATTACHMENTS).createIndex(new Index().on("conversationId", Sort.Direction.ASC)
                .named("attachment_conversation"));
        log.info("Message indexes ensured: unique (conversationId, seq) and (conversationId, clientMessageId)");
    }
}
