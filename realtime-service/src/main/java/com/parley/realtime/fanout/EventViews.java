package com.parley.realtime.fanout;

import java.time.Instant;
import java.util.List;

import com.parley.events.ConversationClaimed;
import com.parley.events.ConversationCreated;
import com.parley.events.ConversationUpdated;
import com.parley.events.MessageRead;
import com.parley.events.MessageSent;
import com.parley.events.MessageUpdated;
import com.parley.events.UserRef;
import com.parley.events.text.SystemText;

/**
 * The {@code data} of each server frame, built from the event alone (no call back to other services): one record a
 * frame, its components in PROTOCOL.md's order; null fields are written as {@code null}, not left out.
 */
final class EventViews {

    private EventViews() {
    }

    /**
     * The message JSON of CONTRACTS.md, as {@code message.new} carries it and history returns it. One frame goes to
     * every reader, so server-written text travels as {@code text} (code + params) for each client to render in
     * its reader's language; {@code content} is the English rendering.
     */
    record MessageView(String id, String conversationId, long seq, UserRef sender, String senderType, String type,
                       String content, List<MessageSent.Attachment> attachments, String clientMessageId,
                       String replyTo, Instant createdAt, Instant editedAt, Instant deletedAt, SystemText text) {
    }

    static MessageView message(String conversationId, MessageSent m) {
        return new MessageView(m.messageId(), conversationId, m.seq(), m.sender(), m.senderType(), m.type(),
                m.content(), m.attachments() == null ? List.of() : m.attachments(), m.clientMessageId(),
                m.replyTo(), m.createdAt(), null, null, m.text());
    }

    /** {@code conversation.created}. */
    record CreatedView(String id, String kind, String ticketNumber, String status, String priority, String subject,
                       UserRef customer, UserRef buyer, UserRef seller, String orderId, String productId,
                       List<String> tags, String firstMessage, Instant firstResponseDueAt, Instant createdAt,
                       List<String> participantIds) {
    }

    static CreatedView created(String conversationId, ConversationCreated c) {
        return new CreatedView(conversationId, c.kind(), c.ticketNumber(), c.status(), c.priority(), c.subject(),
                c.customer(), c.buyer(), c.seller(), c.orderId(), c.productId(),
                c.tags() == null ? List.of() : c.tags(), c.firstMessage(), c.firstResponseDueAt(), c.createdAt(),
                c.participantIds());
    }

    /** {@code conversation.claimed}; the claimer as {@code {id, name}} (no avatar). */
    record ClaimedView(String id, String ticketNumber, Claimer claimedBy, Instant claimedAt, String customerId,
                       List<String> participantIds) {
    }

    record Claimer(String id, String name) {
    }

    static ClaimedView claimed(String conversationId, ConversationClaimed c) {
        Claimer claimer = c.claimedBy() == null ? null
                : new Claimer(c.claimedBy().id(), String.valueOf(c.claimedBy().name()));
        return new ClaimedView(conversationId, c.ticketNumber(), claimer, c.claimedAt(), c.customerId(),
                c.participantIds());
    }

    /** {@code conversation.updated}; the event's {@code assignee} travels as {@code assignedTo}. */
    record UpdatedView(String id, String kind, String ticketNumber, String change, String status,
                       String previousStatus, UserRef assignedTo, UserRef previousAssignee, String priority,
                       List<String> tags, List<String> participantIds) {
    }

    static UpdatedView updated(String conversationId, ConversationUpdated u) {
        return new UpdatedView(conversationId, u.kind(), u.ticketNumber(), u.change(), u.status(),
                u.previousStatus(), u.assignee(), u.previousAssignee(), u.priority(), u.tags(), u.participantIds());
    }

    /** {@code message.read}. */
    record ReadView(String conversationId, UserRef reader, String readerType, long upToSeq, Instant readAt) {
    }

    static ReadView read(String conversationId, MessageRead r) {
        return new ReadView(conversationId, r.reader(), r.readerType(), r.upToSeq(), r.readAt());
    }

    /** {@code message.updated}. */
    record MessageUpdatedView(String id, String conversationId, long seq, String change, String content,
                              Instant editedAt, Instant deletedAt) {
    }

    static MessageUpdatedView messageUpdated(String conversationId, MessageUpdated u) {
        return new MessageUpdatedView(u.messageId(), conversationId, u.seq(), u.change(), u.content(), u.editedAt(),
                u.deletedAt());
    }
}
