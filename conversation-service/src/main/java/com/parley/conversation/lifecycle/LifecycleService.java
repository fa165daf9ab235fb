package com.parley.conversation.lifecycle;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import com.parley.conversation.system.ConversationProperties;
import com.parley.conversation.ticket.Capacity;
import com.parley.conversation.ticket.Conversation;
import com.parley.conversation.ticket.ReadAccess;
import com.parley.conversation.ticket.Ticket;
import com.parley.conversation.ticket.TicketStore;
import com.parley.events.UserRef;
import com.parley.support.problem.ApiException;
import com.parley.support.security.CurrentUser;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Resolve, close, reopen, release, transfer. Reads the ticket, lets {@link Ticket} decide (who, from which
 * status, what changes, which event), and has the store write it conditional on the version read. A refusal
 * writes nothing; a concurrent change makes it decide again on the new state.
 */
@Service
class LifecycleService {

    private static final Logger log = LoggerFactory.getLogger(LifecycleService.class);
    private static final int MAX_ROUNDS = 3;

    private final TicketStore store;
    private final ConversationProperties.Claim claimRules;
    private final Clock clock;
    private final MeterRegistry meters;

    LifecycleService(TicketStore store, ConversationProperties properties, Clock clock, MeterRegistry meters) {
        this.store = store;
        this.claimRules = properties.claim();
        this.clock = clock;
        this.meters = meters;
    }

    Conversation apply(CurrentUser user, String id, Ticket.Action action, TransferRequest transfer) {
        Ticket.TransferTarget target = transfer == null ? null : target(transfer);
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Conversation c = ReadAccess.readable(user, store, id);
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            var transition = Ticket.of(c).act(user, action, target, now).orThrow();
            var changed = store.apply(transition);
            if (changed.isPresent()) {
                meters.counter("parley.tickets.transitions", "change", action.change()).increment();
                log.info("Ticket {} ({}) {} by {}: {} -> {}", c.ticketNumber(), id, action.change(), user.id(),
                        transition.fromStatus(), transition.toStatus());
                return changed.get();
            }
        }
        throw ApiException.conflict("concurrent_change", "The ticket is changing right now; retry");
    }

    private Ticket.TransferTarget target(TransferRequest transfer) {
        String staffId = transfer.toStaffId().strip();
        String name = transfer.toStaffName() == null || transfer.toStaffName().isBlank() ? staffId
                : transfer.toStaffName().strip();
        return new Ticket.TransferTarget(UserRef.of(staffId, name), transfer.note(),
                new Capacity(claimRules.maxActivePerStaff(), () -> store.activeTicketsOf(staffId)));
    }
}
