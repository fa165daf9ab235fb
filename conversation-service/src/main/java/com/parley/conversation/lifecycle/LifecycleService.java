package com.parley.conversation.lifecycle;

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
import com.parley.conversation.ticket.ReadAccess;
import com.parley.conversation.ticket.TicketEvents;
import com.parley.conversation.ticket.TicketStore;
import com.parley.events.UserRef;
import com.parley.support.problem.ApiException;
import com.parley.support.security.CurrentUser;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Resolve, close, reopen, release, transfer. Each reads the ticket, checks the rules (who, from which status),
 * then writes with a filter on the version it read, the activity line and the {@code conversation.updated} event
 * in the same update. A refusal writes nothing; a concurrent change makes it re-check against the new state.
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

    Conversation apply(CurrentUser user, String id, Action action, TransferRequest transfer) {
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Conversation c = ReadAccess.readable(user, store, id);
            check(user, c, action, transfer);
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            Target target = target(c, action, transfer);
            Update update = new Update().set("status", target.status()).set("updatedAt", now);
            switch (action) {
                case RESOLVE -> update.set("resolvedAt", now);
                case CLOSE -> update.set("closedAt", now);
                case REOPEN -> update.unset("resolvedAt").unset("closedAt");
                case RELEASE -> update.unset("assignedTo").unset("assignedAt");
                case TRANSFER -> update.set("assignedTo", target.assignee()).set("assignedAt", now);
            }
            update.set("participantIds", Conversation.participants(c.customerId(),
                    target.assignee() == null ? null : target.assignee().id()));
            TicketStore.log(update, new Conversation.Activity(now, user.id(), user.name(),
                    user.primaryRole().senderType(), action.change(), c.status(), target.status(),
                    detail(action, c, target, transfer)));
            var changed = store.modifyIfUnchanged(c, update,
                    TicketEvents.updated(c, action.change(), target.status(), target.assignee(), user.asActor(), now));
            if (changed.isPresent()) {
                meters.counter("parley.tickets.transitions", "change", action.change()).increment();
                log.info("Ticket {} ({}) {} by {}: {} -> {}", c.ticketNumber(), id, action.change(), user.id(),
                        c.status(), target.status());
                return changed.get();
            }
        }
        throw ApiException.conflict("concurrent_change", "The ticket is changing right now; retry");
    }

    private record Target(String status, UserRef assignee) {
    }

    private static Target target(Conversation c, Action action, TransferRequest transfer) {
        return switch (action) {
            case RESOLVE -> new Target(Conversation.RESOLVED, c.assignedTo());
            case CLOSE -> new Target(Conversation.CLOSED, c.assignedTo());
            case REOPEN -> new Target(c.assignedTo() == null ? Conversation.PENDING : Conversation.ASSIGNED,
                    c.assignedTo());
            case RELEASE -> new Target(Conversation.PENDING, null);
            case TRANSFER -> new Target(Conversation.ASSIGNED, UserRef.of(transfer.toStaffId().strip(),
                    transfer.toStaffName() == null || transfer.toStaffName().isBlank()
                            ? transfer.toStaffId().strip() : transfer.toStaffName().strip()));
        };
    }

    private void check(CurrentUser user, Conversation c, Action action, TransferRequest transfer) {
        boolean owner = user.id().equals(c.customerId());
        if (!c.isSupport()) {
            throw illegal(c, action);
        }
        if (!user.isSupportAgent() && !(owner && action.customerMay())) {
            throw ApiException.forbidden("role_not_allowed", "Only the assignee or an admin may do this");
        }
        if (!action.allowedFrom(c.status(), user.isAdmin())) {
            throw illegal(c, action);
        }
        if (user.isSupportAgent() && !user.isAdmin() && !c.isAssignedTo(user.id())) {
            throw new ApiException(HttpStatus.FORBIDDEN, "not_assignee",
                    "Only the assignee or an admin may do this", assigneeOf(c));
        }
        if (action == Action.TRANSFER) {
            if (transfer.toStaffId().strip().equals(c.assigneeId())) {
                throw ApiException.badRequest("invalid_transfer_target", "The ticket is already assigned to them");
            }
            checkCapacity(transfer.toStaffId().strip());
        }
    }

    private void checkCapacity(String staffId) {
        int max = claimRules.maxActivePerStaff();
        if (max <= 0) {
            return;
        }
        long active = store.mongo().count(Query.query(Criteria.where("assignedTo.id").is(staffId)
                .and("status").is(Conversation.ASSIGNED)), Conversation.class);
        if (active >= max) {
            throw new ApiException(HttpStatus.CONFLICT, "staff_at_capacity",
                    staffId + " already holds " + active + " active tickets, the most allowed is " + max,
                    Map.of("activeTickets", active, "maxActiveTickets", max));
        }
    }

    private static ApiException illegal(Conversation c, Action action) {
        return new ApiException(HttpStatus.CONFLICT, "illegal_transition",
                "Cannot " + action.name().toLowerCase() + " a ticket that is " + c.status(),
                Map.of("status", c.status(), "action", action.name().toLowerCase()));
    }

    private static Map<String, Object> assigneeOf(Conversation c) {
        return c.assignedTo() == null ? Map.of()
                : Map.of("assignedTo", Map.of("id", c.assigneeId(), "name", c.assignedTo().name()));
    }

    private static String detail(Action action, Conversation c, Target target, TransferRequest transfer) {
        if (action != Action.TRANSFER) {
            return null;
        }
        String from = c.assignedTo() == null ? "nobody" : c.assignedTo().name();
        String note = transfer.note() == null || transfer.note().isBlank() ? "" : ": " + transfer.note().strip();
        return "from " + from + " to " + target.assignee().name() + note;
    }
}
