package com.parley.conversation.ticket;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.bson.Document;
import org.bson.types.ObjectId;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.data.core.TypeInformation;
import org.springframework.stereotype.Component;

import com.parley.conversation.ticket.Decision.Transition;
import com.parley.events.ConversationClaimed;
import com.parley.events.ConversationCreated;
import com.parley.events.ConversationUpdated;
import com.parley.events.EventEnvelope;
import com.parley.support.fence.ConversationVersionFence;
import com.parley.support.outbox.Outbox;
import com.parley.support.outbox.OutboxEntry;
import com.parley.support.problem.ApiException;

/**
 * The only writer of {@code conversations}. The domain ({@link Ticket}, {@link BuyerSellerThread}) decides a
 * transition; this applies it as one conditional {@code findAndModify} whose update also pushes the events
 * onto the document's outbox, so the change and its events are written together or not at all. Before a change
 * is answered, the conversation's version fence is raised to the version its events carry, so messaging does
 * not trust an access entry that has not seen the change yet (a post right after a close).
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

    Optional<Conversation> findByRequestKey(String requestKey) {
        return Optional.ofNullable(mongo.findOne(Query.query(Criteria.where("requestKey").is(requestKey)),
                Conversation.class));
    }

    public Optional<Conversation> findByThreadKey(String threadKey) {
        return Optional.ofNullable(mongo.findOne(Query.query(Criteria.where("threadKey").is(threadKey)),
                Conversation.class));
    }

    /** Tickets {@code staffId} holds and works on now: what the capacity limit counts. */
    public long activeTicketsOf(String staffId) {
        return mongo.count(Query.query(Criteria.where("assignedTo.id").is(staffId)
                .and("status").is(Conversation.ASSIGNED)), Conversation.class);
    }

    /** Tickets claimed before {@code cutoff} without a staff reply yet, oldest claim first. */
    public List<Conversation> claimedWithoutReplyBefore(Instant cutoff, int limit) {
        Query query = Query.query(Criteria.where("kind").is(Conversation.SUPPORT).and("status")
                .is(Conversation.ASSIGNED).and("firstResponseAt").is(null).and("assignedAt").lt(cutoff))
                .with(Sort.by("assignedAt")).limit(limit);
        return mongo.find(query, Conversation.class);
    }

    /** A new conversation and the event that announces it, in one insert. */
    public void insert(Conversation conversation, EventEnvelope<?> created) {
        OutboxEntry entry = outbox.entry(created);
        Document document = new Document();
        mongo.getConverter().write(conversation, document);
        document.put(Outbox.FIELD, List.of(mongo.getConverter().convertToMongoType(entry, TypeInformation.of(OutboxEntry.class))));
        mongo.insert(document, CONVERSATIONS);
        outbox.publish(CONVERSATIONS, conversation.id(), List.of(entry));
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
     * Applies a transition when the document still meets its precondition; returns the changed document, or
     * empty when it did not (someone else changed it first). The events leave for Kafka right after the write.
     */
    public Optional<Conversation> apply(Transition transition) {
        return write(transition.precondition(), transition.write(), transition.events());
    }

    /** A change without events (the read model: last message, unread counts, receipts). */
    public Optional<Conversation> apply(Precondition precondition, Change change) {
        return write(precondition, change, List.of());
    }

    private Optional<Conversation> write(Precondition precondition, Change change, List<EventEnvelope<?>> events) {
        Update update = update(change);
        EventEnvelope<?>[] all = events.toArray(EventEnvelope<?>[]::new);
        outbox.append(update, all);
        Conversation changed = mongo.findAndModify(query(precondition), update,
                FindAndModifyOptions.options().returnNew(true), Conversation.class);
        if (changed != null && !events.isEmpty()) {
            outbox.publish(CONVERSATIONS, changed.id(), all);
            long version = newestVersion(events);
            if (version > 0) {
                fence.raise(changed.id(), version);
            }
        }
        return Optional.ofNullable(changed);
    }

    static Query query(Precondition precondition) {
        Criteria criteria = Criteria.where("_id").is(precondition.conversationId());
        for (Precondition.Condition condition : precondition.conditions()) {
            criteria = switch (condition.operator()) {
                case EQUALS -> criteria.and(condition.field()).is(condition.value());
                case LESS_THAN -> criteria.and(condition.field()).lt(condition.value());
            };
        }
        return Query.query(criteria);
    }

    static Update update(Change change) {
        Update update = new Update();
        change.set().forEach(update::set);
        change.unset().forEach(update::unset);
        change.inc().forEach(update::inc);
        if (change.seen() != null) {
            update.push("seenBy", change.seen());
        }
        if (change.activity() != null) {
            // the activity log keeps the newest MAX_ACTIVITY lines
            update.push("activity").slice(-MAX_ACTIVITY).each(change.activity());
        }
        if (change.bumpsVersion()) {
            update.inc("version", 1L);
        }
        return update;
    }

    /** The newest {@code conversationVersion} the events carry: what a projection holds once it applied them. */
    private static long newestVersion(List<EventEnvelope<?>> events) {
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
}
