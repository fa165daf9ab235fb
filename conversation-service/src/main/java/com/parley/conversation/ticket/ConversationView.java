package com.parley.conversation.ticket;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import com.parley.events.UserRef;

/**
 * The public JSON of a conversation (docs/CONTRACTS.md "Public JSON shapes"). {@code queue} only for a pending
 * ticket, {@code activity} only for staff and admin reading one conversation. {@code linkedThreadId} on a ticket
 * opened by escalating a thread, {@code escalatedTicketId} on that thread; {@code unreadCount} in thread lists: the
 * caller's own side of {@code unread}.
 */
public record ConversationView(
        String id,
        String kind,
        String ticketNumber,
        String status,
        String priority,
        String subject,
        List<String> tags,
        String orderId,
        String productId,
        UserRef customer,
        UserRef buyer,
        UserRef seller,
        UserRef assignedTo,
        Instant assignedAt,
        UserRef firstSeenBy,
        Instant firstSeenAt,
        List<Conversation.Seen> seenBy,
        Conversation.LastMessage lastMessage,
        Map<String, Integer> unread,
        Instant firstResponseDueAt,
        Instant firstResponseAt,
        Instant resolvedAt,
        Instant closedAt,
        Instant createdAt,
        Instant updatedAt,
        List<String> participantIds,
        @JsonInclude(JsonInclude.Include.NON_NULL) QueueInfo queue,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Conversation.Activity> activity,
        @JsonInclude(JsonInclude.Include.NON_NULL) String linkedThreadId,
        @JsonInclude(JsonInclude.Include.NON_NULL) String escalatedTicketId,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer unreadCount) {

    /** Where a waiting ticket stands: 1 = next to be served. */
    public record QueueInfo(long position, long estimatedWaitSeconds) {
    }

    public static ConversationView of(Conversation c) {
        return new ConversationView(c.id(), c.kind(), c.ticketNumber(), c.status(), c.priority(), c.subject(), c.tags(),
                c.orderId(), c.productId(), c.customer(), c.buyer(), c.seller(), c.assignedTo(), c.assignedAt(),
                c.firstSeenBy(), c.firstSeenAt(), c.seenBy(), c.lastMessage(), c.unread(), c.firstResponseDueAt(),
                c.firstResponseAt(), c.resolvedAt(), c.closedAt(), c.createdAt(), c.updatedAt(), c.participantIds(),
                null, null, c.linkedThreadId(), c.escalatedTicketId(), null);
    }

    public ConversationView withQueue(QueueInfo info) {
        return new ConversationView(id, kind, ticketNumber, status, priority, subject, tags, orderId, productId,
                customer, buyer, seller, assignedTo, assignedAt, firstSeenBy, firstSeenAt, seenBy, lastMessage, unread,
                firstResponseDueAt, firstResponseAt, resolvedAt, closedAt, createdAt, updatedAt, participantIds, info,
                activity, linkedThreadId, escalatedTicketId, unreadCount);
    }

    public ConversationView withActivity(List<Conversation.Activity> log) {
        return new ConversationView(id, kind, ticketNumber, status, priority, subject, tags, orderId, productId,
                customer, buyer, seller, assignedTo, assignedAt, firstSeenBy, firstSeenAt, seenBy, lastMessage, unread,
                firstResponseDueAt, firstResponseAt, resolvedAt, closedAt, createdAt, updatedAt, participantIds, queue,
                log, linkedThreadId, escalatedTicketId, unreadCount);
    }

    public ConversationView withUnreadCount(int count) {
        return new ConversationView(id, kind, ticketNumber, status, priority, subject, tags, orderId, productId,
                customer, buyer, seller, assignedTo, assignedAt, firstSeenBy, firstSeenAt, seenBy, lastMessage, unread,
                firstResponseDueAt, firstResponseAt, resolvedAt, closedAt, createdAt, updatedAt, participantIds, queue,
                activity, linkedThreadId, escalatedTicketId, count);
    }
}
