package com.parley.conversation.ticket;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import com.parley.conversation.system.Collections;
import com.parley.events.UserRef;
import com.parley.support.outbox.OutboxEntry;

/**
 * A conversation: a support ticket ({@code kind=support}) or, later, a buyer–seller thread
 * ({@code kind=buyer_seller}, {@code buyer}/{@code seller} set, no ticket number). One document carries the state,
 * the activity log and the outbox of events its changes caused, so every change is one atomic single-document
 * write (the MongoDB wire server has no transactions).
 *
 * @param customerId     top-level copy of {@code customer.id}, for the {customerId, status} index
 * @param priorityRank   0 = urgent … 3 = low; the pending queue sorts on it
 * @param lastMessageSeq seq of the newest message this read model has applied; chat events at or below it are
 *                       redeliveries and change nothing
 * @param readSeq        per side, the seq its reader has read up to
 * @param requestKey     {@code customerId:Idempotency-Key}, unique: a retried create finds the first ticket
 * @param version        bumped by every lifecycle change; lifecycle writes are conditional on it
 * @param threadKey      threads only: {@code buyerId|sellerId|product:<id>} or {@code …|order:<id>}, unique, so
 *                       opening the same thread twice (also concurrently) finds the first one
 * @param linkedThreadId tickets opened by escalating a thread: that thread
 * @param escalatedTicketId threads: the support ticket the seller escalated it to
 */
@Document(Conversation.COLLECTION)
public record Conversation(
        @Id String id,
        String kind,
        String ticketNumber,
        String status,
        String priority,
        int priorityRank,
        String subject,
        List<String> tags,
        String orderId,
        String productId,
        UserRef customer,
        String customerId,
        UserRef buyer,
        String buyerId,
        UserRef seller,
        String sellerId,
        UserRef assignedTo,
        Instant assignedAt,
        UserRef firstSeenBy,
        Instant firstSeenAt,
        List<Seen> seenBy,
        LastMessage lastMessage,
        long lastMessageSeq,
        Instant lastMessageAt,
        Map<String, Integer> unread,
        Map<String, Long> readSeq,
        Instant firstResponseDueAt,
        Instant firstResponseAt,
        Instant resolvedAt,
        Instant closedAt,
        Instant createdAt,
        Instant updatedAt,
        List<String> participantIds,
        List<Activity> activity,
        String requestKey,
        long version,
        List<OutboxEntry> outbox,
        String threadKey,
        String linkedThreadId,
        String escalatedTicketId) {

    public static final String COLLECTION = Collections.CONVERSATIONS;
    public static final String SUPPORT = "support";
    public static final String BUYER_SELLER = "buyer_seller";

    public static final String PENDING = "pending";
    public static final String ASSIGNED = "assigned";
    public static final String RESOLVED = "resolved";
    public static final String CLOSED = "closed";
    /** The one status of a thread: threads have no claim and no help-desk lifecycle. */
    public static final String OPEN = "open";

    public Conversation {
        tags = tags == null ? List.of() : tags;
        seenBy = seenBy == null ? List.of() : seenBy;
        unread = unread == null ? Map.of() : unread;
        readSeq = readSeq == null ? Map.of() : readSeq;
        participantIds = participantIds == null ? List.of() : participantIds;
        activity = activity == null ? List.of() : activity;
        outbox = outbox == null ? new ArrayList<>() : outbox;
    }

    public boolean isSupport() {
        return SUPPORT.equals(kind);
    }

    public boolean isThread() {
        return BUYER_SELLER.equals(kind);
    }

    public String assigneeId() {
        return assignedTo == null ? null : assignedTo.id();
    }

    public boolean isAssignedTo(String userId) {
        return userId != null && userId.equals(assigneeId());
    }

    /** Who may read it after a change: the customer and, when there is one, the assignee (threads: both sides). */
    public static List<String> participants(String customerId, String assigneeId) {
        return assigneeId == null ? List.of(customerId) : List.of(customerId, assigneeId);
    }

    /** A staff member who opened the ticket, and when. */
    public record Seen(String id, String name, Instant at) {
    }

    /** The newest message as lists show it. */
    /** @param text a system message's catalogue code and parameters, so lists can show it in the reader's language */
    public record LastMessage(String preview, Instant at, String senderType, long seq,
                              com.parley.events.text.SystemText text) {

        public LastMessage(String preview, Instant at, String senderType, long seq) {
            this(preview, at, senderType, seq, null);
        }
    }

    /**
     * One line of the activity log: who did what, when.
     *
     * @param action created, claimed, resolved, closed, reopened, released, transferred, auto_released
     */
    public record Activity(Instant at, String actorId, String actorName, String actorRole, String action,
                           String fromStatus, String toStatus, String detail) {
    }
}
