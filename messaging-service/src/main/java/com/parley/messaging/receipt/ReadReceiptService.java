package com.parley.messaging.receipt;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import com.parley.events.Actor;
import com.parley.events.EventEnvelope;
import com.parley.events.MessageRead;
import com.parley.events.UserRef;
import com.parley.messaging.system.Collections;
import com.parley.messaging.access.AccessPolicy;
import com.parley.messaging.access.ConversationAccess;
import com.parley.messaging.access.ConversationAccessGuard;
import com.parley.messaging.send.SequencedMessageAppender;
import com.parley.support.outbox.Outbox;
import com.parley.support.security.CurrentUser;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Records "read up to seq N" per reader and conversation, forward only. An {@code upToSeq} beyond the last
 * stored message is clamped to it (a client may race a message it has not seen); a receipt that does not move
 * the reader forward changes nothing and emits nothing. Each move emits {@code chat.message.read} (from which
 * conversation-service resets that side's unread count) in the same single-document write.
 */
@Service
class ReadReceiptService {

    private static final Logger log = LoggerFactory.getLogger(ReadReceiptService.class);

    private final MongoTemplate mongo;
    private final ConversationAccessGuard access;
    private final SequencedMessageAppender messages;
    private final Outbox outbox;
    private final Clock clock;
    private final MeterRegistry meters;

    ReadReceiptService(MongoTemplate mongo, ConversationAccessGuard access, SequencedMessageAppender messages,
                       Outbox outbox, Clock clock, MeterRegistry meters) {
        this.mongo = mongo;
        this.access = access;
        this.messages = messages;
        this.outbox = outbox;
        this.clock = clock;
        this.meters = meters;
    }

    record Receipt(String conversationId, String readerId, long upToSeq, Instant readAt, boolean advanced) {
    }

    Receipt markRead(String conversationId, CurrentUser user, long requestedUpToSeq) {
        ConversationAccess conversation = access.requireRead(conversationId, user);
        long known = messages.lastSeq(conversationId);
        // beyond what this instance knows: another instance may have stored more since, so ask the database
        long target = Math.min(requestedUpToSeq, requestedUpToSeq > known ? messages.refreshLastSeq(conversationId) : known);
        String id = ReadReceipt.idOf(conversationId, user.id());
        if (target < 1) {
            return current(id, conversationId, user);
        }
        Instant now = clock.instant();
        String readerType = readerType(conversation, user);
        MessageRead payload = new MessageRead(new UserRef(user.id(), user.name(), null), readerType, target, now,
                conversation.participantIdsOrEmpty());
        EventEnvelope<MessageRead> event = EventEnvelope.of(conversationId, Actor.of(user.id(), readerType, user.name()),
                payload, now);
        Update update = new Update().set("conversationId", conversationId).set("readerId", user.id())
                .set("readerName", user.name()).set("readerType", readerType).set("upToSeq", target).set("readAt", now);
        try {
            ReadReceipt moved = mongo.findAndModify(
                    new Query(Criteria.where("_id").is(id).and("upToSeq").lt(target)), outbox.append(update, event),
                    FindAndModifyOptions.options().upsert(true).returnNew(true), ReadReceipt.class);
            outbox.publish(Collections.READ_RECEIPTS, id, event);
            meters.counter("parley.messages.read_receipts", "readerType", readerType).increment();
            log.info("{} read {} up to seq {}", user.id(), conversationId, target);
            return new Receipt(conversationId, user.id(), moved.upToSeq(), moved.readAt(), true);
        } catch (DuplicateKeyException e) {
            // the receipt exists and is already at or beyond target: nothing to record
            return current(id, conversationId, user);
        }
    }

    private Receipt current(String id, String conversationId, CurrentUser user) {
        ReadReceipt existing = mongo.findById(id, ReadReceipt.class);
        return existing == null ? new Receipt(conversationId, user.id(), 0, null, false)
                : new Receipt(conversationId, user.id(), existing.upToSeq(), existing.readAt(), false);
    }

    /** The same side a message of theirs would carry (a staff member who is also admin: staff only as assignee). */
    private static String readerType(ConversationAccess c, CurrentUser user) {
        return AccessPolicy.senderType(c, user);
    }

    List<ReadReceipt> receipts(String conversationId, CurrentUser user) {
        access.requireRead(conversationId, user);
        Query query = new Query(Criteria.where("conversationId").is(conversationId));
        query.fields().exclude("outbox");
        return mongo.find(query, ReadReceipt.class);
    }
}
