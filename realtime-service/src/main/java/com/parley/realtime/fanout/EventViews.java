package com.parley.realtime.fanout;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.parley.events.ConversationClaimed;
import com.parley.events.ConversationCreated;
import com.parley.events.ConversationUpdated;
import com.parley.events.MessageRead;
import com.parley.events.MessageSent;
import com.parley.events.MessageUpdated;
import com.parley.events.UserRef;
import com.parley.events.text.SystemText;

/** The {@code data} of each server frame, built from the event alone (no call back to other services). */
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

    static Map<String, Object> created(String conversationId, ConversationCreated c) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", conversationId);
        data.put("kind", c.kind());
        data.put("ticketNumber", c.ticketNumber());
        data.put("status", c.status());
        data.put("priority", c.priority());
        data.put("subject", c.subject());
        data.put("customer", c.customer());
        data.put("buyer", c.buyer());
        data.put("seller", c.seller());
        data.put("orderId", c.orderId());
        data.put("productId", c.productId());
        data.put("tags", c.tags() == null ? List.of() : c.tags());
        data.put("firstMessage", c.firstMessage());
        data.put("firstResponseDueAt", c.firstResponseDueAt());
        data.put("createdAt", c.createdAt());
        data.put("participantIds", c.participantIds());
        return data;
    }

    static Map<String, Object> claimed(String conversationId, ConversationClaimed c) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", conversationId);
        data.put("ticketNumber", c.ticketNumber());
        data.put("claimedBy", c.claimedBy() == null ? null : Map.of("id", c.claimedBy().id(),
                "name", String.valueOf(c.claimedBy().name())));
        data.put("claimedAt", c.claimedAt());
        data.put("customerId", c.customerId());
        data.put("participantIds", c.participantIds());
        return data;
    }

    static Map<String, Object> updated(String conversationId, ConversationUpdated u) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", conversationId);
        data.put("kind", u.kind());
        data.put("ticketNumber", u.ticketNumber());
        data.put("change", u.change());
        data.put("status", u.status());
        data.put("previousStatus", u.previousStatus());
        data.put("assignedTo", u.assignee());
        data.put("previousAssignee", u.previousAssignee());
        data.put("priority", u.priority());
        data.put("tags", u.tags());
        data.put("participantIds", u.participantIds());
        return data;
    }

    static Map<String, Object> read(String conversationId, MessageRead r) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("conversationId", conversationId);
        data.put("reader", r.reader());
        data.put("readerType", r.readerType());
        data.put("upToSeq", r.upToSeq());
        data.put("readAt", r.readAt());
        return data;
    }

    static Map<String, Object> messageUpdated(String conversationId, MessageUpdated u) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", u.messageId());
        data.put("conversationId", conversationId);
        data.put("seq", u.seq());
        data.put("change", u.change());
        data.put("content", u.content());
        data.put("editedAt", u.editedAt());
        data.put("deletedAt", u.deletedAt());
        return data;
    }
}
