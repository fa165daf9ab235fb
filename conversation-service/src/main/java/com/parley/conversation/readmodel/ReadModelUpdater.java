package com.parley.conversation.readmodel;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import com.parley.conversation.ticket.Change;
import com.parley.conversation.ticket.Conversation;
import com.parley.conversation.ticket.Decision;
import com.parley.conversation.ticket.Precondition;
import com.parley.conversation.ticket.Ticket;
import com.parley.conversation.ticket.TicketCreation;
import com.parley.conversation.ticket.TicketStore;
import com.parley.events.Actor;
import com.parley.events.access.SenderType;
import com.parley.events.EventEnvelope;
import com.parley.events.EventPayload;
import com.parley.events.MessageRead;
import com.parley.events.MessageSent;
import com.parley.events.MessageUpdated;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Applies chat events to the conversation document. Idempotent by the message's identity: every update is
 * conditional on {@code lastMessageSeq < seq} (receipts: {@code readSeq.<side> < upToSeq}), so a redelivered
 * event — same eventId, same seq — matches nothing and changes nothing, however long ago it was first applied.
 * Per-conversation order holds because the topic is keyed by conversationId. Where a message also changes the
 * ticket (the first staff reply; a customer writing to a resolved ticket), that change is folded into the same
 * seq-guarded update, with its event on the outbox.
 */
@Service
class ReadModelUpdater {

    private static final Logger log = LoggerFactory.getLogger(ReadModelUpdater.class);

    private final TicketStore store;
    private final MeterRegistry meters;
    private final Timer firstResponse;

    ReadModelUpdater(TicketStore store, MeterRegistry meters) {
        this.store = store;
        this.meters = meters;
        this.firstResponse = Timer.builder("parley.tickets.first_response")
                .description("Time from a ticket's creation to the first staff reply")
                .publishPercentiles(0.5, 0.9, 0.99)
                .register(meters);
    }

    void messageSent(EventEnvelope<EventPayload> event, MessageSent sent) {
        Optional<Conversation> found = store.find(event.conversationId());
        if (found.isEmpty()) {
            log.debug("Message {} of unknown conversation {} ignored", sent.seq(), event.conversationId());
            return;
        }
        Conversation c = found.get();
        if (c.lastMessageSeq() >= sent.seq()) {
            meters.counter("parley.readmodel.events", "outcome", "duplicate").increment();
            return;
        }
        Instant at = (sent.createdAt() == null ? event.occurredAt() : sent.createdAt()).truncatedTo(ChronoUnit.MILLIS);
        SenderType sender = SenderType.of(sent.senderType());
        boolean staffSide = sender == SenderType.STAFF || sender == SenderType.ADMIN;

        if (c.isSupport() && sender == SenderType.CUSTOMER && Conversation.RESOLVED.equals(c.status())
                && reopen(c, event, sent, at)) {
            return;
        }
        if (c.isSupport() && staffSide && c.firstResponseAt() == null && firstReply(c, sent, at)) {
            return;
        }
        boolean applied = store.apply(Precondition.of(c.id()).andLessThan("lastMessageSeq", sent.seq()),
                messageChange(c, sent, at)).isPresent();
        meters.counter("parley.readmodel.events", "outcome", applied ? "applied" : "duplicate").increment();
    }

    /** A customer wrote to a resolved ticket: {@link Ticket#customerWrote} decides, the message rides along. */
    private boolean reopen(Conversation c, EventEnvelope<EventPayload> event, MessageSent sent, Instant at) {
        Actor customer = event.actor() != null ? event.actor()
                : Actor.of(c.customerId(), "customer", c.customer().name());
        if (!(Ticket.of(c).customerWrote(customer, at) instanceof Decision.Transition reopen)) {
            return false;
        }
        boolean reopened = store.apply(reopen.alsoRequiringLess("lastMessageSeq", sent.seq())
                .alsoWriting(messageChange(c, sent, at))).isPresent();
        if (reopened) {
            meters.counter("parley.tickets.transitions", "change", "reopened").increment();
            log.info("Ticket {} ({}) reopened: the customer wrote message {}", c.ticketNumber(), c.id(), sent.seq());
        }
        return reopened;
    }

    private boolean firstReply(Conversation c, MessageSent sent, Instant at) {
        if (!(Ticket.of(c).firstReply(at) instanceof Decision.Transition first)) {
            return false;
        }
        boolean answered = store.apply(first.alsoRequiringLess("lastMessageSeq", sent.seq())
                .alsoWriting(messageChange(c, sent, at))).isPresent();
        if (answered) {
            Duration waited = Duration.between(c.createdAt(), at);
            firstResponse.record(waited.isNegative() ? Duration.ZERO : waited);
            log.info("Ticket {} ({}) got its first staff reply after {} s", c.ticketNumber(), c.id(),
                    waited.toSeconds());
        }
        return answered;
    }

    void messageRead(EventEnvelope<EventPayload> event, MessageRead read) {
        Optional<Conversation> found = store.find(event.conversationId());
        if (found.isEmpty()) {
            return;
        }
        Conversation c = found.get();
        String side = side(c, read.readerType());
        if (side == null || c.readSeq().getOrDefault(side, 0L) >= read.upToSeq()) {
            return;
        }
        Change change = Change.none().set("readSeq." + side, read.upToSeq());
        if (read.upToSeq() >= c.lastMessageSeq()) {
            change = change.set("unread." + side, 0);
        }
        store.apply(Precondition.of(c.id()).andLessThan("readSeq." + side, read.upToSeq())
                .and("lastMessageSeq", c.lastMessageSeq()), change);
    }

    /** An edit or delete of the newest message changes the preview lists show; older messages are not shown there. */
    void messageUpdated(EventEnvelope<EventPayload> event, MessageUpdated updated) {
        Optional<Conversation> found = store.find(event.conversationId());
        if (found.isEmpty() || found.get().lastMessage() == null || found.get().lastMessageSeq() != updated.seq()) {
            return;
        }
        String preview = "deleted".equals(updated.change()) || updated.content() == null ? "[deleted]"
                : TicketCreation.preview(updated.content());
        // setting the same preview twice is harmless, so a redelivery needs no guard beyond "still the newest"
        store.apply(Precondition.of(event.conversationId()).and("lastMessageSeq", updated.seq()),
                Change.none().set("lastMessage.preview", preview));
    }

    private static Change messageChange(Conversation c, MessageSent sent, Instant at) {
        Change change = Change.none()
                .set("lastMessage", new Conversation.LastMessage(preview(sent), at, sent.senderType(), sent.seq(),
                        sent.text()))
                .set("lastMessageSeq", sent.seq())
                .set("lastMessageAt", at);
        String unreadSide = recipientSide(c, sent.senderType());
        return unreadSide == null ? change : change.inc("unread." + unreadSide, 1);
    }

    private static String preview(MessageSent sent) {
        if (sent.content() != null && !sent.content().isBlank()) {
            return TicketCreation.preview(sent.content());
        }
        return "[" + (sent.type() == null ? "message" : sent.type()) + "]";
    }

    /** Whose unread count a message raises. */
    private static String recipientSide(Conversation c, String senderType) {
        SenderType sender = SenderType.of(senderType);
        if (sender == null) {
            return null;
        }
        if (c.isSupport()) {
            return switch (sender) {
                case CUSTOMER -> "staff";
                case STAFF, ADMIN, SYSTEM -> "customer";
                default -> null;
            };
        }
        return switch (sender) {
            case BUYER -> "seller";
            case SELLER -> "buyer";
            default -> null;
        };
    }

    /** Which side's counter a reader resets. */
    private static String side(Conversation c, String readerType) {
        SenderType reader = SenderType.of(readerType);
        if (reader == null) {
            return null;
        }
        if (c.isSupport()) {
            return switch (reader) {
                case CUSTOMER -> "customer";
                case STAFF, ADMIN -> "staff";
                default -> null;
            };
        }
        return reader == SenderType.BUYER || reader == SenderType.SELLER ? reader.wire() : null;
    }
}
