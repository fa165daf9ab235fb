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
import com.parley.events.Actor;
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
        List<String> tags = request.tags() == null ? List.of() : request.tags().stream().map(String::strip).distinct()
                .toList();
        return open(UserRef.of(user.id(), user.name()), user.asActor(), priority, blankToNull(request.subject()), tags,
                blankToNull(request.orderId()), blankToNull(request.productId()), request.message().strip(),
                requestKey, null);
    }

    /**
     * A support ticket opened on a user's behalf by another flow (a seller escalating a thread). {@code requestKey}
     * is deterministic for the cause ({@code escalation:<threadId>}), so a repeated or concurrent call finds the
     * ticket the first one created.
     */
    public Created openLinked(UserRef opener, Actor actor, String subject, String message, String orderId,
                              String productId, List<String> tags, String requestKey, String linkedThreadId) {
        var existing = store.findByRequestKey(requestKey);
        if (existing.isPresent()) {
            return new Created(existing.get(), true);
        }
        return open(opener, actor, Priority.parse(null), subject, tags, orderId, productId, message, requestKey,
                linkedThreadId);
    }

    private Created open(UserRef customer, Actor actor, Priority priority, String subject, List<String> tags,
                         String orderId, String productId, String message, String requestKey, String linkedThreadId) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Conversation draft = new Conversation(new ObjectId().toHexString(), Conversation.SUPPORT,
                store.nextTicketNumber(), Conversation.PENDING, priority.token(), priority.rank(),
                subject, tags, orderId, productId,
                customer, customer.id(), null, null, null, null,
                null, null, null, null, List.of(),
                // the first message will be seq 1 in messaging-service; counting it here keeps lists right at once
                new Conversation.LastMessage(preview(message), now, actor.role(), 1), 1L, now,
                Map.of("customer", 0, "staff", 1), Map.of("customer", 0L, "staff", 0L),
                now.plus(properties.sla().firstResponse(priority.token())), null, null, null, now, now,
                List.of(customer.id()),
                List.of(new Conversation.Activity(now, customer.id(), customer.name(), actor.role(),
                        "created", null, Conversation.PENDING, linkedThreadId == null ? null
                                : "escalated from thread " + linkedThreadId)),
                requestKey, 0L, null, null, linkedThreadId, null);
        EventEnvelope<ConversationCreated> event = TicketEvents.created(draft, message, actor);
        Conversation ticket = draft;
        try {
            store.insert(ticket, event);
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
        log.info("Ticket {} ({}) opened by {} {} with priority {}", ticket.ticketNumber(), ticket.id(), actor.role(),
                customer.id(), priority.token());
        return new Created(ticket, false);
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
