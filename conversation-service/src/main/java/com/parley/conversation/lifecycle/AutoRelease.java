package com.parley.conversation.lifecycle;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.parley.conversation.system.ConversationProperties;
import com.parley.conversation.ticket.Conversation;
import com.parley.conversation.ticket.Decision;
import com.parley.conversation.ticket.Ticket;
import com.parley.conversation.ticket.TicketStore;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Returns a claimed ticket to the queue when its assignee has not replied within {@code auto-release.after}
 * (off by default). Every instance may sweep: each release is a {@code findAndModify} conditional on the ticket
 * still being assigned to the same person since the same moment with no first response, so two sweepers (or a
 * sweeper racing the assignee's first reply or a transfer) release it at most once, and never wrongly.
 */
@Component
public class AutoRelease {

    private static final Logger log = LoggerFactory.getLogger(AutoRelease.class);
    private static final int BATCH = 100;

    private final TicketStore store;
    private final ConversationProperties.AutoRelease properties;
    private final Clock clock;
    private final MeterRegistry meters;

    AutoRelease(TicketStore store, ConversationProperties properties, Clock clock, MeterRegistry meters) {
        this.store = store;
        this.properties = properties.autoRelease();
        this.clock = clock;
        this.meters = meters;
    }

    @Scheduled(fixedDelayString = "${parley.conversation.auto-release.sweep-interval:30s}")
    void sweep() {
        if (properties.enabled()) {
            releaseClaimedBefore(clock.instant().minus(properties.after()));
        }
    }

    /** Releases every ticket claimed before {@code cutoff} that still has no staff reply; returns how many. */
    public int releaseClaimedBefore(Instant cutoff) {
        int released = 0;
        List<Conversation> overdue;
        int releasedInBatch;
        do {
            overdue = store.claimedWithoutReplyBefore(cutoff, BATCH);
            releasedInBatch = 0;
            for (Conversation ticket : overdue) {
                if (release(ticket, cutoff)) {
                    releasedInBatch++;
                }
            }
            released += releasedInBatch;
        } while (overdue.size() == BATCH && releasedInBatch > 0);
        return released;
    }

    private boolean release(Conversation ticket, Instant cutoff) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        if (!(Ticket.of(ticket).autoRelease(cutoff, properties.after(), now) instanceof Decision.Transition release)) {
            return false; // replied to or changed since the sweep read it
        }
        boolean released = store.apply(release).isPresent();
        if (released) {
            meters.counter("parley.tickets.transitions", "change", "auto_released").increment();
            log.info("Ticket {} ({}) returned to the queue: {} did not reply in time", ticket.ticketNumber(),
                    ticket.id(), ticket.assigneeId());
        }
        return released;
    }
}
