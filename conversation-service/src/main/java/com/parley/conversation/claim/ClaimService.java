package com.parley.conversation.claim;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import com.parley.conversation.system.ConversationProperties;
import com.parley.conversation.ticket.Capacity;
import com.parley.conversation.ticket.Conversation;
import com.parley.conversation.ticket.Decision;
import com.parley.conversation.ticket.Ticket;
import com.parley.conversation.ticket.TicketStore;
import com.parley.support.problem.ApiException;
import com.parley.support.security.CurrentUser;

/**
 * The SEEN-claim. {@link Ticket#claim} decides on the ticket as read; the grant is the store's one
 * {@code findAndModify} conditional on {@code status: pending} that also pushes {@code conversation.claimed} onto
 * the ticket's outbox: MongoDB applies it to at most one caller, however many race, on however many instances.
 * Never read-then-write (see the seed's "wrong way" and {@code NaiveClaimTests}). The read only fetches immutable
 * facts (ticket number, customer) for the event and refuses early when the ticket is visibly taken; it never
 * grants.
 */
@Service
public class ClaimService {

    private static final Logger log = LoggerFactory.getLogger(ClaimService.class);
    private static final int MAX_ROUNDS = 3;

    private final TicketStore store;
    private final ClaimStats stats;
    private final ConversationProperties.Claim properties;
    private final Clock clock;

    ClaimService(TicketStore store, ClaimStats stats, ConversationProperties properties, Clock clock) {
        this.store = store;
        this.stats = stats;
        this.properties = properties.claim();
        this.clock = clock;
    }

    public enum Outcome { WON, IDEMPOTENT }

    public record Claimed(Conversation ticket, Outcome outcome) {
    }

    public Claimed claim(CurrentUser user, String id) {
        if (!user.isSupportAgent()) {
            throw ApiException.forbidden("role_not_allowed", "Only staff claim support tickets");
        }
        // a soft limit: two claims by the same person at the same instant may both pass it (off by default)
        Capacity capacity = new Capacity(properties.maxActivePerStaff(), () -> store.activeTicketsOf(user.id()));
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Conversation seen = store.require(id);
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            switch (Ticket.of(seen).claim(user, capacity, now)) {
                case Decision.Transition claim -> {
                    var won = store.apply(claim);
                    if (won.isPresent()) {
                        stats.record(ClaimStats.Result.WON);
                        log.info("Ticket {} ({}) claimed by {}", seen.ticketNumber(), id, user.id());
                        return new Claimed(won.get(), Outcome.WON);
                    }
                    // lost the race: look again to name the winner
                }
                case Decision.Unchanged held -> {
                    stats.record(ClaimStats.Result.IDEMPOTENT);
                    return new Claimed(held.conversation(), Outcome.IDEMPOTENT);
                }
                case Decision.Refusal refused -> {
                    switch (refused.code()) {
                        case "already_claimed" -> {
                            stats.record(ClaimStats.Result.CONFLICT);
                            log.debug("Claim of {} by {} refused: held by {}", id, user.id(), seen.assigneeId());
                        }
                        case "staff_at_capacity" -> stats.record(ClaimStats.Result.CAPACITY);
                        default -> { }
                    }
                    throw refused.toException();
                }
            }
        }
        // claimed and released again between our reads, repeatedly: let the caller retry
        throw ApiException.conflict("claim_contended", "The ticket changed hands; retry");
    }
}
