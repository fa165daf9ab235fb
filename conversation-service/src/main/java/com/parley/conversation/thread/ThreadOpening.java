package com.parley.conversation.thread;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bson.types.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

import com.parley.conversation.system.ConversationProperties;
import com.parley.conversation.ticket.Conversation;
import com.parley.conversation.ticket.TicketEvents;
import com.parley.conversation.ticket.TicketStore;
import com.parley.events.Role;
import com.parley.events.UserRef;
import com.parley.support.problem.ApiException;
import com.parley.support.security.CurrentUser;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Opens a buyer–seller thread, or finds the one that exists. The thread's identity is its key
 * ({@code buyerId|sellerId|product:<id>} or {@code …|order:<id>}) under a unique index: of two racing opens one
 * insert wins, the other hits the duplicate key and answers with the winner's thread, so there is one thread and one
 * {@code conversation.created} (it sits in the inserted document's outbox).
 */
@Service
class ThreadOpening {

    private static final Logger log = LoggerFactory.getLogger(ThreadOpening.class);

    private final TicketStore store;
    private final ConversationProperties properties;
    private final Clock clock;
    private final MeterRegistry meters;

    ThreadOpening(TicketStore store, ConversationProperties properties, Clock clock, MeterRegistry meters) {
        this.store = store;
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
    }

    /** The thread, and whether it existed before this call. */
    record Opened(Conversation thread, boolean existing) {
    }

    Opened open(CurrentUser user, OpenThreadRequest request) {
        if (!user.has(Role.BUYER) && !user.has(Role.CUSTOMER)) {
            throw ApiException.forbidden("role_not_allowed", "Only buyers open threads with sellers");
        }
        String sellerId = request.sellerId().strip();
        if (sellerId.equals(user.id())) {
            throw ApiException.badRequest("self_thread", "A thread needs two different people");
        }
        if (!properties.threads().isSeller(sellerId)) {
            throw ApiException.badRequest("unknown_seller", "No seller " + sellerId);
        }
        String orderId = request.orderId();
        String productId = request.productId();
        if (orderId == null && productId == null) {
            throw ApiException.badRequest("validation_failed", "A thread is about a product or an order")
                    .with("errors", Map.of("productId", "productId or orderId is required"));
        }
        String key = user.id() + "|" + sellerId + "|" + (orderId != null ? "order:" + orderId : "product:" + productId);
        Optional<Conversation> existing = byKey(key);
        if (existing.isPresent()) {
            return found(existing.get());
        }

        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        UserRef buyer = user.asRef();
        UserRef seller = UserRef.of(sellerId, sellerName(request, sellerId));
        String subject = request.productTitle() != null && !request.productTitle().isBlank()
                ? request.productTitle().strip() : orderId != null ? "Order " + orderId : null;
        Conversation draft = new Conversation(new ObjectId().toHexString(), Conversation.BUYER_SELLER, null,
                Conversation.OPEN, null, 0, subject, List.of(), orderId, productId, null, null,
                buyer, buyer.id(), seller, sellerId, null, null, null, null, List.of(),
                // no message yet; lastMessageAt doubles as "last activity", the inbox's sort key
                null, 0L, now, Map.of("buyer", 0, "seller", 0), Map.of("buyer", 0L, "seller", 0L),
                null, null, null, null, now, now, List.of(buyer.id(), sellerId),
                List.of(new Conversation.Activity(now, user.id(), user.name(), Role.BUYER.senderType(), "created",
                        null, Conversation.OPEN, orderId != null ? "order " + orderId : "product " + productId)),
                null, 0L, null, key, null, null);
        Conversation thread = draft;
        try {
            store.insert(thread, TicketEvents.created(draft, null, user.asActor()));
        } catch (DuplicateKeyException e) {
            // a concurrent open of the same thread won the insert
            return found(byKey(key).orElseThrow(() -> e));
        }
        meters.counter("parley.threads.opened", "outcome", "created", "about", orderId != null ? "order" : "product")
                .increment();
        log.info("Thread {} opened by buyer {} with seller {} about {}", thread.id(), buyer.id(), sellerId,
                key.substring(key.lastIndexOf('|') + 1));
        return new Opened(thread, false);
    }

    private Opened found(Conversation thread) {
        meters.counter("parley.threads.opened", "outcome", "existing", "about",
                thread.orderId() != null ? "order" : "product").increment();
        return new Opened(thread, true);
    }

    private Optional<Conversation> byKey(String key) {
        return store.findByThreadKey(key);
    }

    private String sellerName(OpenThreadRequest request, String sellerId) {
        if (request.sellerName() != null && !request.sellerName().isBlank()) {
            return request.sellerName().strip();
        }
        return properties.threads().sellers().getOrDefault(sellerId, sellerId);
    }
}
