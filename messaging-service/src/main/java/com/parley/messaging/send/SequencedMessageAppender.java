package com.parley.messaging.send;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

import org.bson.Document;
import org.bson.types.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import com.parley.events.Actor;
import com.parley.events.EventEnvelope;
import com.parley.events.MessageSent;
import com.parley.events.UserRef;
import com.parley.events.text.SystemText;
import com.parley.messaging.attachment.AttachmentRef;
import com.parley.messaging.moderation.Moderation;
import com.parley.messaging.system.Collections;
import com.parley.messaging.system.MessagingProperties;
import com.parley.support.outbox.Outbox;
import com.parley.support.problem.InfrastructureUnavailableException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Stores a message under the next sequence number of its conversation, gap-free and duplicate-free.
 *
 * <p>There is no separate counter to reserve from: the next seq is (highest stored seq + 1) and the message is
 * inserted with it in one single-document insert, guarded by the unique {@code (conversationId, seq)} index. A
 * seq therefore exists only as part of a stored message: a crash at any point leaves no hole, and a number is
 * never handed out twice. The highest seq of recently active conversations is remembered, so a send is one
 * insert and reads nothing; the database is asked only when a conversation is not remembered or an insert
 * collides (another instance took that seq, or the remembered value is stale), and then the loop goes again.
 * The unique {@code (conversationId, clientMessageId)} index makes a retried send land on the message the first
 * attempt stored: a collision first looks for that.
 *
 * <p>The {@code chat.message.sent} event is written in the same insert (the message's outbox field), so a
 * stored message always reaches Kafka and an unstored one never does; it leaves for Kafka while the
 * conversation's lock is still held, so one instance hands a conversation's events over in seq order.
 *
 * <p>Inside one instance, senders of one conversation queue on a striped lock instead of colliding; across
 * instances they collide on the index and retry with a short jittered pause.
 */
public class SequencedMessageAppender {

    private static final Logger log = LoggerFactory.getLogger(SequencedMessageAppender.class);
    private static final int STRIPES = 256;

    private final MongoTemplate mongo;
    private final Outbox outbox;
    private final Clock clock;
    private final int attempts;
    private final ReentrantLock[] stripes;
    private final Counter collisions;
    /** conversationId → highest seq this instance stored or read; a hint, the unique index has the last word. */
    private final Cache<String, Long> lastSeqs = Caffeine.newBuilder().maximumSize(100_000).build();

    public SequencedMessageAppender(MongoTemplate mongo, Outbox outbox, Clock clock, MessagingProperties.Send properties,
                                    MeterRegistry meters) {
        this.mongo = mongo;
        this.outbox = outbox;
        this.clock = clock;
        this.attempts = properties.appendAttempts();
        this.stripes = properties.localSerialisation() ? new ReentrantLock[STRIPES] : null;
        if (stripes != null) {
            for (int i = 0; i < STRIPES; i++) {
                stripes[i] = new ReentrantLock(true);
            }
        }
        this.collisions = Counter.builder("parley.messages.seq.collisions")
                .description("Inserts that lost a sequence number to a concurrent sender and retried")
                .register(meters);
    }

    /** What to store; everything but the id, seq, time and outbox. */
    public record Draft(String conversationId, String conversationKind, UserRef sender, String senderType, String type,
                        String content, List<AttachmentRef> attachments, String clientMessageId,
                        String replyTo, Moderation moderation, List<String> participantIds, Actor actor,
                        SystemText text) {

        /** A message a person wrote. */
        public Draft(String conversationId, String conversationKind, UserRef sender, String senderType, String type,
                     String content, List<AttachmentRef> attachments, String clientMessageId, String replyTo,
                     Moderation moderation, List<String> participantIds, Actor actor) {
            this(conversationId, conversationKind, sender, senderType, type, content, attachments, clientMessageId,
                    replyTo, moderation, participantIds, actor, null);
        }
    }

    /** @param created false when the clientMessageId was already stored: {@code message} is that original */
    public record Appended(Message message, boolean created) {
    }

    public Appended append(Draft draft) {
        ReentrantLock lock = stripes == null ? null
                : stripes[Math.floorMod(draft.conversationId().hashCode(), STRIPES)];
        if (lock != null) {
            lock.lock();
        }
        try {
            return appendWithRetries(draft);
        } finally {
            if (lock != null) {
                lock.unlock();
            }
        }
    }

    public Optional<Message> findByClientMessageId(String conversationId, String clientMessageId) {
        return Optional.ofNullable(mongo.findOne(new Query(Criteria.where("conversationId").is(conversationId)
                .and("clientMessageId").is(clientMessageId)), Message.class));
    }

    /**
     * The highest seq of the conversation as far as this instance knows (it may lag behind another instance's
     * sends by a moment); 0 when it has none.
     */
    public long lastSeq(String conversationId) {
        return lastSeqs.get(conversationId, this::storedLastSeq);
    }

    /** The highest stored seq, read from the database (and remembered). */
    public long refreshLastSeq(String conversationId) {
        long stored = storedLastSeq(conversationId);
        lastSeqs.put(conversationId, stored);
        return stored;
    }

    private long storedLastSeq(String conversationId) {
        Query query = new Query(Criteria.where("conversationId").is(conversationId))
                .with(Sort.by(Sort.Direction.DESC, "seq")).limit(1);
        query.fields().include("seq");
        Document last = mongo.findOne(query, Document.class, Collections.MESSAGES);
        return last == null ? 0 : ((Number) last.get("seq")).longValue();
    }

    private Appended appendWithRetries(Draft draft) {
        String conversationId = draft.conversationId();
        for (int attempt = 1; attempt <= attempts; attempt++) {
            Message message = build(draft, lastSeq(conversationId) + 1);
            try {
                mongo.insert(message);
            } catch (DuplicateKeyException e) {
                Optional<Message> existing = findByClientMessageId(conversationId, draft.clientMessageId());
                if (existing.isPresent()) {
                    return new Appended(existing.get(), false);
                }
                lastSeqs.invalidate(conversationId);
                collisions.increment();
                pause(attempt);
                continue;
            } catch (RuntimeException e) {
                lastSeqs.invalidate(conversationId); // the insert may have been applied after all
                throw e;
            }
            lastSeqs.put(conversationId, message.seq());
            outbox.publish(Collections.MESSAGES, message.id(), message.outbox());
            return new Appended(message, true);
        }
        log.warn("Gave up storing a message in {} after {} sequence collisions", draft.conversationId(), attempts);
        throw new InfrastructureUnavailableException("Too much contention on conversation " + draft.conversationId(), null);
    }

    private Message build(Draft d, long seq) {
        Instant now = clock.instant();
        String id = new ObjectId().toHexString();
        MessageSent sent = new MessageSent(id, seq, d.conversationKind(), d.sender(), d.senderType(), d.type(),
                d.content(), d.attachments().stream()
                .map(a -> new MessageSent.Attachment(a.id(), a.url(), a.name(), a.contentType(), a.size())).toList(),
                d.clientMessageId(), d.replyTo(), now, d.participantIds(), d.text());
        EventEnvelope<MessageSent> event = EventEnvelope.of(d.conversationId(), d.actor(), sent, now);
        return new Message(id, d.conversationId(), d.conversationKind(), seq, d.sender(), d.senderType(), d.type(),
                d.content(), d.attachments(), d.clientMessageId(), d.replyTo(), now, null, null, d.moderation(),
                d.participantIds(), List.of(outbox.entry(event)), d.text());
    }

    /** Only after a collision: first retry at once, later ones after a few jittered milliseconds. */
    private static void pause(int attempt) {
        if (attempt < 2) {
            return;
        }
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(1, Math.min(2 * attempt, 20) + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureUnavailableException("Interrupted while storing a message", e);
        }
    }
}
