package com.parley.messaging.access;

import java.time.Clock;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
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

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Keeps {@code conversation_access} in step with conversation events. Each event sets the facts it carries, and
 * only moves the entry forward: an event older than the one applied last ({@code conversationVersion}, or
 * {@code occurredAt} for events without one) is skipped, so a redelivered, replayed or late event can never roll a
 * conversation's status or assignee back. An event that skips a version marks the entry {@code mayLag} (the
 * access guard then asks conversation-service) until the entry is complete again.
 */
@Component
class ConversationAccessProjector {

    private static final Logger log = LoggerFactory.getLogger(ConversationAccessProjector.class);
    private static final int ATTEMPTS = 5;

    private final MongoTemplate mongo;
    private final EventCodec codec;
    private final Clock clock;
    private final MeterRegistry meters;

    ConversationAccessProjector(MongoTemplate mongo, EventCodec codec, Clock clock, MeterRegistry meters) {
        this.mongo = mongo;
        this.codec = codec;
        this.clock = clock;
        this.meters = meters;
    }

    @KafkaListener(id = "messaging-access", groupId = "messaging-service.access", topics = Topics.CONVERSATIONS,
            containerFactory = EventsConfiguration.EVENT_LISTENER_FACTORY)
    void on(ConsumerRecord<String, byte[]> record) {
        apply(codec.decode(record.value()));
    }

    void apply(EventEnvelope<EventPayload> event) {
        Long version;
        Update update;
        switch (event.payload()) {
            case ConversationCreated c -> {
                version = c.conversationVersion();
                update = new Update()
                        .set("kind", c.kind()).set("status", c.status())
                        .set("customerId", id(c.customer())).set("buyerId", id(c.buyer())).set("sellerId", id(c.seller()))
                        .set("participantIds", c.participantIds());
            }
            case ConversationClaimed c -> {
                version = c.conversationVersion();
                update = new Update().set("customerId", c.customerId())
                        .set("status", "assigned").set("assigneeId", id(c.claimedBy()))
                        .set("participantIds", c.participantIds());
            }
            case ConversationUpdated u -> {
                version = u.conversationVersion();
                update = new Update()
                        .set("kind", u.kind()).set("status", u.status()).set("assigneeId", id(u.assignee()))
                        .set("participantIds", u.participantIds());
            }
            default -> {
                return;
            }
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            ConversationAccess stored = mongo.findById(event.conversationId(), ConversationAccess.class);
            if (stored != null && !newer(event, version, stored)) {
                fillIdentity(event, stored);
                meters.counter("parley.messaging.access.events", "outcome", "stale").increment();
                log.debug("Access model of {} keeps version {}: {} v{} is not newer", event.conversationId(),
                        stored.version(), event.type(), version);
                return;
            }
            boolean gap = stored != null && version != null && stored.version() != null && version > stored.version() + 1;
            Update write = copy(update).set("updatedAt", clock.instant()).set("eventTime", event.occurredAt())
                    .set("mayLag", gap);
            if (version != null) {
                write.set("version", version);
            }
            // written only over the entry just read: a concurrent writer makes this attempt miss, and it reads again
            Criteria unchanged = Criteria.where("_id").is(event.conversationId());
            if (stored != null) {
                unchanged = unchanged.and("version").is(stored.version()).and("eventTime").is(stored.eventTime());
            }
            try {
                ConversationAccess written = mongo.findAndModify(new Query(unchanged), write,
                        FindAndModifyOptions.options().upsert(stored == null).returnNew(true), ConversationAccess.class);
                if (written != null) {
                    meters.counter("parley.messaging.access.events", "outcome", gap ? "applied_with_gap" : "applied")
                            .increment();
                    log.debug("Access model of {} updated from {} v{}", event.conversationId(), event.type(), version);
                    return;
                }
            } catch (DuplicateKeyException e) {
                // another writer created the entry first: read it and decide again
            }
        }
        throw new IllegalStateException("Access model of " + event.conversationId() + " kept changing under " + event.type());
    }

    /**
     * Who a conversation belongs to never changes, so conversation.created may set it whenever it comes: a replayed
     * or late created event that is too old for status and assignee still fills in the owner it names.
     */
    private void fillIdentity(EventEnvelope<EventPayload> event, ConversationAccess stored) {
        if (event.payload() instanceof ConversationCreated c && (stored.kind() == null
                || stored.customerId() == null && stored.buyerId() == null && stored.sellerId() == null)) {
            mongo.updateFirst(new Query(Criteria.where("_id").is(event.conversationId())), new Update()
                    .set("kind", c.kind()).set("customerId", id(c.customer())).set("buyerId", id(c.buyer()))
                    .set("sellerId", id(c.seller())), ConversationAccess.class);
        }
    }

    /** Whether the event comes after what the entry holds (by version when both have one, else by event time). */
    private static boolean newer(EventEnvelope<EventPayload> event, Long version, ConversationAccess stored) {
        if (version != null && stored.version() != null) {
            return version > stored.version();
        }
        return stored.eventTime() == null || event.occurredAt().isAfter(stored.eventTime());
    }

    private static Update copy(Update update) {
        Update copy = new Update();
        update.getUpdateObject().get("$set", org.bson.Document.class).forEach(copy::set);
        return copy;
    }

    private static String id(UserRef ref) {
        return ref == null ? null : ref.id();
    }
}
