package com.parley.conversation.escalation;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import com.parley.conversation.ticket.BuyerSellerThread;
import com.parley.conversation.ticket.Conversation;
import com.parley.conversation.ticket.Decision;
import com.parley.conversation.ticket.ReadAccess;
import com.parley.conversation.ticket.TicketCreation;
import com.parley.conversation.ticket.TicketStore;
import com.parley.support.security.CurrentUser;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * A seller hands a thread to platform support: a pending support ticket (seller as its customer, the reason as its
 * first message, {@code linkedThreadId}) that follows the normal claim flow, and {@code escalatedTicketId} on the
 * thread with {@code conversation.updated escalated}.
 * <p>
 * Two steps without a transaction, each idempotent: the ticket's request key is {@code escalation:<threadId>}
 * (unique), so a repeated or concurrent escalation finds the same ticket; the thread is then marked with a write
 * conditional on {@code escalatedTicketId: null}. A crash between the two is repaired by the next call.
 */
@Service
class ThreadEscalation {

    private static final Logger log = LoggerFactory.getLogger(ThreadEscalation.class);

    private final TicketStore store;
    private final TicketCreation creation;
    private final Clock clock;
    private final MeterRegistry meters;

    ThreadEscalation(TicketStore store, TicketCreation creation, Clock clock, MeterRegistry meters) {
        this.store = store;
        this.creation = creation;
        this.clock = clock;
        this.meters = meters;
    }

    record Escalated(Conversation ticket, boolean existing) {
    }

    Escalated escalate(CurrentUser user, String threadId, String reason) {
        Conversation thread = ReadAccess.readable(user, store, threadId);
        BuyerSellerThread domain = BuyerSellerThread.of(thread);
        Decision.Refusal refused = domain.escalationRefusal(user);
        if (refused != null) {
            throw refused.toException();
        }
        if (thread.escalatedTicketId() != null) {
            meters.counter("parley.threads.escalated", "outcome", "existing").increment();
            return new Escalated(store.require(thread.escalatedTicketId()), true);
        }
        String subject = "Escalated by seller: " + (thread.subject() != null ? thread.subject()
                : thread.orderId() != null ? "order " + thread.orderId() : "product " + thread.productId());
        TicketCreation.Created created = creation.openLinked(thread.seller(), user.asActor(),
                subject.length() > 200 ? subject.substring(0, 200) : subject, reason.strip(), thread.orderId(),
                thread.productId(), List.of("escalation"), "escalation:" + thread.id(), thread.id());
        Conversation ticket = created.ticket();

        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        boolean marked = domain.escalate(user, ticket, now) instanceof Decision.Transition escalation
                && store.apply(escalation).isPresent();
        meters.counter("parley.threads.escalated", "outcome", marked ? "escalated" : "existing").increment();
        if (marked) {
            log.info("Thread {} escalated by seller {} to ticket {} ({})", thread.id(), user.id(),
                    ticket.ticketNumber(), ticket.id());
        }
        return new Escalated(ticket, !marked);
    }
}
