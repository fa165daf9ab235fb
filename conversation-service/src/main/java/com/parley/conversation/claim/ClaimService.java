package com.parley.conversation.claim;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import com.parley.conversation.system.ConversationProperties;
import com.parley.conversation.ticket.Conversation;
import com.parley.conversation.ticket.TicketEvents;
import com.parley.conversation.ticket.TicketStore;
import com.parley.events.UserRef;
import com.parley.support.problem.ApiException;
import com.parley.support.security.CurrentUser;

/**
 * The SEEN-claim. The grant is one {@code findAndModify} whose filter requires {@code status: pending} and whose
 * update also pushes {@code conversation.claimed} onto the ticket's outbox: MongoDB applies it to at most one
 * caller, however many race, on however many instances. Never read-then-write (see the seed's "wrong way" and
 * {@code NaiveClaimTests}). The read before it only fetches immutable facts (ticket number, customer) for the
 * event and refuses early when the ticket is visibly taken; it never grants.
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
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Conversation seen = store.require(id);
            if (!seen.isSupport()) {
                throw TicketStore.notFound(id);
            }
            if (Conversation.PENDING.equals(seen.status())) {
                checkCapacity(user);
                var won = tryClaim(seen, user);
                if (won.isPresent()) {
                    stats.record(ClaimStats.Result.WON);
                    log.info("Ticket {} ({}) claimed by {}", seen.ticketNumber(), id, user.id());
                    return new Claimed(won.get(), Outcome.WON);
                }
                continue; // lost the race: look again to name the winner
            }
            if (seen.isAssignedTo(user.id())) {
                stats.record(ClaimStats.Result.IDEMPOTENT);
                return new Claimed(seen, Outcome.IDEMPOTENT);
            }
            if (seen.assignedTo() != null) {
                stats.record(ClaimStats.Result.CONFLICT);
                log.debug("Claim of {} by {} refused: held by {}", id, user.id(), seen.assigneeId());
                throw new ApiException(HttpStatus.CONFLICT, "already_claimed",
                        "Ticket " + seen.ticketNumber() + " was already taken by " + seen.assignedTo().name(),
                        Map.of("claimedBy", Map.of("id", seen.assigneeId(), "name", seen.assignedTo().name()),
                                "status", seen.status()));
            }
            throw new ApiException(HttpStatus.CONFLICT, "not_claimable",
                    "Ticket " + seen.ticketNumber() + " is " + seen.status() + " and cannot be claimed",
                    Map.of("status", seen.status()));
        }
        // claimed and released again between our reads, repeatedly: let the caller retry
        throw new ApiException(HttpStatus.CONFLICT, "claim_contended", "The ticket changed hands; retry");
    }

    private java.util.Optional<Conversation> tryClaim(Conversation seen, CurrentUser user) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        UserRef staff = UserRef.of(user.id(), user.name());
        Update update = new Update()
                .set("status", Conversation.ASSIGNED)
                .set("assignedTo", staff)
                .set("assignedAt", now)
                .set("updatedAt", now)
                .set("participantIds", Conversation.participants(seen.customerId(), user.id()))
                .push("seenBy", new Conversation.Seen(user.id(), user.name(), now))
                .inc("version", 1L);
        if (seen.firstSeenBy() == null) {
            // only the first claim ever sets these; a released ticket keeps its first claimer
            update.set("firstSeenBy", staff).set("firstSeenAt", now);
        }
        TicketStore.log(update, new Conversation.Activity(now, user.id(), user.name(),
                user.primaryRole().senderType(), "claimed", Conversation.PENDING, Conversation.ASSIGNED, null));
        Query onlyIfPending = Query.query(Criteria.where("_id").is(seen.id()).and("status").is(Conversation.PENDING));
        return store.modify(onlyIfPending, update, TicketEvents.claimed(seen, staff, user.asActor(), now));
    }

    /** Off by default. A soft limit: two claims by the same person at the same instant may both pass it. */
    private void checkCapacity(CurrentUser user) {
        int max = properties.maxActivePerStaff();
        if (max <= 0 || user.isAdmin()) {
            return;
        }
        long active = store.mongo().count(Query.query(Criteria.where("assignedTo.id").is(user.id())
                .and("status").is(Conversation.ASSIGNED)), Conversation.class);
        if (active >= max) {
            stats.record(ClaimStats.Result.CAPACITY);
            throw new ApiException(HttpStatus.CONFLICT, "staff_at_capacity",
                    "You already hold " + active + " active tickets, the most allowed is " + max,
                    Map.of("activeTickets", active, "maxActiveTickets", max));
        }
    }
}
