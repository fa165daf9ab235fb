package com.parley.messaging.access;

import java.time.Clock;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import com.parley.events.ConversationClaimed;
import com.parley.events.ConversationCreated;
import com.parley.events.ConversationUpdated;
import com.parley.events.EventCodec;
import com.parley.events.EventEnvelope;
import com.parley.events.EventPayload;
import com.parley.events.Topics;
import com.parley.events.UserRef;
import com.parley.support.events.EventsConfiguration;

/**
 * Keeps {@code conversation_access} in step with conversation events. Each event sets the facts it carries
 * (an upsert keyed by conversationId), so a redelivery writes the same state again: idempotent without a
 * processed-events table. One conversation's events arrive in order (they share a partition key).
 */
@Component
class ConversationAccessProjector {

    private static final Logger log = LoggerFactory.getLogger(ConversationAccessProjector.class);

    private final MongoTemplate mongo;
    private final EventCodec codec;
    private final Clock clock;

    ConversationAccessProjector(MongoTemplate mongo, EventCodec codec, Clock clock) {
        this.mongo = mongo;
        this.codec = codec;
        this.clock = clock;
    }

    @KafkaListener(id = "messaging-access", groupId = "messaging-service.access", topics = Topics.CONVERSATIONS,
            containerFactory = EventsConfiguration.EVENT_LISTENER_FACTORY)
    void on(ConsumerRecord<String, byte[]> record) {
        EventEnvelope<EventPayload> event = codec.decode(record.value());
        Update update = switch (event.payload()) {
            case ConversationCreated c -> new Update()
                    .set("kind", c.kind()).set("status", c.status())
                    .set("customerId", id(c.customer())).set("buyerId", id(c.buyer())).set("sellerId", id(c.seller()))
                    .set("participantIds", c.participantIds());
            case ConversationClaimed c -> new Update()
                    .set("status", "assigned").set("assigneeId", id(c.claimedBy()))
                    .set("participantIds", c.participantIds());
            case ConversationUpdated u -> new Update()
                    .set("kind", u.kind()).set("status", u.status()).set("assigneeId", id(u.assignee()))
                    .set("participantIds", u.participantIds());
            default -> null;
        };
        if (update == null) {
            return;
        }
        mongo.findAndModify(new Query(Criteria.where("_id").is(event.conversationId())),
                update.set("updatedAt", clock.instant()), FindAndModifyOptions.options().upsert(true),
                ConversationAccess.class);
        log.debug("Access model of {} updated from {}", event.conversationId(), event.type());
    }

    private static String id(UserRef ref) {
        return ref == null ? null : ref.id();
    }
}
