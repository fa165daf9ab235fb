package com.parley.conversation.ticket;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.bson.types.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

import com.parley.conversation.system.ConversationProperties;
import com.parley.events.ConversationCreated;
import com.parley.events.EventEnvelope;
import com.parley.events.Role;
import com.parley.events.UserRef;
import com.parley.support.problem.ApiException;
import com.parley.support.security.CurrentUser;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Opens a support ticket: one insert that holds the ticket and its {@code conversation.created} event (with the
 * first message, which messaging-service stores as seq 1). A retry with the same idempotency key finds the ticket
 * the first attempt created, through the unique {@code requestKey} index.
 */
@Service
public class TicketCreation {

    private static final Logger log = LoggerFactory.getLogger(TicketCreation.class);
    private static final int PREVIEW_LENGTH = 140;

    private final TicketStore store;
    private final ConversationProperties properties;
    private final Clock clock;
    private final MeterRegistry meters;

    TicketCreation(TicketStore store, ConversationProperties properties, Clock clock, MeterRegistry meters) {
        this.store = store;
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
    }

    /** The ticket, and whether it already existed (a retried request). */
    public record Created(Conversation ticket, boolean replayed) {
    }

    public Created create(CurrentUser user, CreateTicketRequest request, String idempotencyKey) {
        if (user.isSupportAgent() || !(user.has(Role.CUSTOMER) || user.has(Role.BUYER) || user.has(Role.SELLER))) {
            throw ApiException.forbidden("role_not_allowed", "Only customers open support tickets");
        }
        String key = idempotencyKey != null && !idempotencyKey.isBlank() ? idempotencyKey.strip()
                : request.clientRequestId();
        if (key != null && key.length() > 100) {
            throw ApiException.badRequest("invalid_idempotency_key", "Idempotency-Key is longer than 100 characters");
        }
        String requestKey = user.id() + ":" + (key == null || key.isBlank() ? "auto:" + UUID.randomUUID() : key);
        if (key != null) {
            var existing = store.findByRequestKey(requestKey);
            if (existing.isPresent()) {
                meters.counter("parley.tickets.created", "outcome", "replayed", "priority", existing.get().priority())
                        .increment();
                return new Created(existing.get(), true);
            }
        }

        Priority priority = Priority.parse(request.priority());
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        UserRef customer = UserRef.of(user.id(), user.name());
        String message = request.message().strip();
        Conversation draft = new Conversation(new ObjectId().toHexString(), Conversation.SUPPORT,
                store.nextTicketNumber(), Conversation.PENDING, priority.token(), priority.rank(),
                blankToNull(request.subject()), request.tags() == null ? List.of() : request.tags().stream()
                        .map(String::strip).distinct().toList(),
                blankToNull(request.orderId()), blankToNull(request.productId()),
                customer, user.id(), null, null, null, null,
                null, null, null, null, List.of(),
                // the first message will be seq 1 in messaging-service; counting it here keeps lists right at once
                new Conversation.LastMessage(preview(message), now, user.primaryRole().senderType(), 1), 1L, now,
                Map.of("customer", 0, "staff", 1), Map.of("customer", 0L, "staff", 0L),
                now.plus(properties.sla().firstResponse(priority.token())), null, null, null, now, now,
                List.of(user.id()),
                List.of(new Conversation.Activity(now, user.id(), user.name(), user.primaryRole().senderType(),
                        "created", null, Conversation.PENDING, null)),
                requestKey, 0L, null);
        EventEnvelope<ConversationCreated> event = TicketEvents.created(draft, message, user.asActor());
        Conversation ticket = withOutbox(draft, event);
        try {
            store.insert(ticket);
        } catch (DuplicateKeyException e) {
            // a concurrent retry of the same request won the insert: answer with its ticket
            var existing = store.findByRequestKey(requestKey);
            if (existing.isPresent()) {
                meters.counter("parley.tickets.created", "outcome", "replayed", "priority", existing.get().priority())
                        .increment();
                return new Created(existing.get(), true);
            }
            throw e;
        }
        meters.counter("parley.tickets.created", "outcome", "created", "priority", priority.token()).increment();
        log.info("Ticket {} ({}) opened by customer {} with priority {}", ticket.ticketNumber(), ticket.id(),
                user.id(), priority.token());
        return new Created(ticket, false);
    }

    private Conversation withOutbox(Conversation c, EventEnvelope<?> event) {
        return new Conversation(c.id(), c.kind(), c.ticketNumber(), c.status(), c.priority(), c.priorityRank(),
                c.subject(), c.tags(), c.orderId(), c.productId(), c.customer(), c.customerId(), c.buyer(),
                c.buyerId(), c.seller(), c.sellerId(), c.assignedTo(), c.assignedAt(), c.firstSeenBy(),
                c.firstSeenAt(), c.seenBy(), c.lastMessage(), c.lastMessageSeq(), c.lastMessageAt(), c.unread(),
                c.readSeq(), c.firstResponseDueAt(), c.firstResponseAt(), c.resolvedAt(), c.closedAt(),
                c.createdAt(), c.updatedAt(), c.participantIds(), c.activity(), c.requestKey(), c.version(),
                new java.util.ArrayList<>(List.of(store.outbox().entry(event))));
    }

    public static String preview(String content) {
        if (content == null) {
            return null;
        }
        String flat = content.strip().replaceAll("\\s+", " ");
        return flat.length() <= PREVIEW_LENGTH ? flat : flat.substring(0, PREVIEW_LENGTH - 1) + "…";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
