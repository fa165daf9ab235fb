package com.parley.conversation.ticket;

import java.util.Optional;

import org.bson.Document;
import org.bson.types.ObjectId;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import com.parley.events.ConversationClaimed;
import com.parley.events.ConversationCreated;
import com.parley.events.ConversationUpdated;
import com.parley.events.EventEnvelope;
import com.parley.support.fence.ConversationVersionFence;
import com.parley.support.outbox.Outbox;
import com.parley.support.problem.ApiException;

/**
 * Reads and writes {@code conversations}. Every state change is one conditional {@code findAndModify} that also
 * pushes the events it causes onto the document's outbox, so the change and its events are written together or
 * not at all. Before a change is answered, the conversation's version fence is raised to the version its events
 * carry, so messaging does not trust an access entry that has not seen the change yet (a post right after a close).
 */
@Component
public class TicketStore {

    static final String COUNTERS = com.parley.conversation.system.Collections.COUNTERS;
    private static final String CONVERSATIONS = com.parley.conversation.system.Collections.CONVERSATIONS;
    private static final int MAX_ACTIVITY = 200;

    private final MongoTemplate mongo;
    private final Outbox outbox;
    private final ConversationVersionFence fence;

    TicketStore(MongoTemplate mongo, Outbox outbox, ConversationVersionFence fence) {
        this.mongo = mongo;
        this.outbox = outbox;
        this.fence = fence;
    }

    public MongoTemplate mongo() {
        return mongo;
    }

    /** Empty for an unknown id and for one that cannot be an id at all (callers answer 404 either way). */
    public Optional<Conversation> find(String id) {
        if (id == null || !ObjectId.isValid(id)) {
            return Optional.empty();
        }
        return Optional.ofNullable(mongo.findById(id, Conversation.class));
    }

    public Conversation require(String id) {
        return find(id).orElseThrow(() -> notFound(id));
    }

    public static ApiException notFound(String id) {
        return ApiException.notFound("conversation_not_found", "No conversation " + id);
    }

    public static Query byId(String id) {
        return Query.query(Criteria.where("_id").is(id));
    }

    Optional<Conversation> findByRequestKey(String requestKey) {
        return Optional.ofNullable(mongo.findOne(Query.query(Criteria.where("requestKey").is(requestKey)),
                Conversation.class));
    }

    public void insert(Conversation conversation) {
        mongo.insert(conversation);
        outbox.publish(CONVERSATIONS, conversation.id(), conversation.outbox());
    }

    /** The next ticket number from one counter document ({@code $inc} is atomic): T-000001, T-000002 … */
    String nextTicketNumber() {
        Document counter = mongo.findAndModify(Query.query(Criteria.where("_id").is("ticketNumber")),
                new Update().inc("seq", 1L), FindAndModifyOptions.options().returnNew(true).upsert(true),
                Document.class, COUNTERS);
        long seq = ((Number) counter.get("seq")).longValue();
        return "T-%06d".formatted(seq);
    }

    /**
     * Applies {@code update} and its events when the document still matches {@code filter}; returns the changed
     * document, or empty when it did not match (someone else changed it first). The events leave for Kafka right
     * after a successful write.
     */
    public Optional<Conversation> modify(Query filter, Update update, EventEnvelope<?>... events) {
        outbox.append(update, events);
        Conversation changed = mongo.findAndModify(filter, update,
                FindAndModifyOptions.options().returnNew(true), Conversation.class);
        if (changed != null && events.length > 0) {
            outbox.publish(CONVERSATIONS, changed.id(), events);
            long version = newestVersion(events);
            if (version > 0) {
                fence.raise(changed.id(), version);
            }
        }
        return Optional.ofNullable(changed);
    }

    /** The newest {@code conversationVersion} the events carry: what a projection holds once it applied them. */
    private static long newestVersion(EventEnvelope<?>... events) {
        long newest = 0;
        for (EventEnvelope<?> event : events) {
            Long version = switch (event.payload()) {
                case ConversationClaimed c -> c.conversationVersion();
                case ConversationUpdated u -> u.conversationVersion();
                case ConversationCreated c -> c.conversationVersion();
                default -> null;
            };
            if (version != null) {
                newest = Math.max(newest, version);
            }
        }
        return newest;
    }

    /** A lifecycle change of the document as {@code seen}: applied only if nobody changed it since (its version). */
    public Optional<Conversation> modifyIfUnchanged(Conversation seen, Update update, EventEnvelope<?>... events) {
        Query filter = Query.query(Criteria.where("_id").is(seen.id()).and("version").is(seen.version()));
        return modify(filter, update.inc("version", 1L), events);
    }

    /** Adds a line to the activity log, keeping the newest {@value #MAX_ACTIVITY}. */
    public static Update log(Update update, Conversation.Activity activity) {
        return update.push("activity").slice(-MAX_ACTIVITY).each(activity);
    }

    public Outbox outbox() {
        return outbox;
    }
}
