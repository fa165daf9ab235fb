package com.parley.conversation.ticket;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.http.HttpStatus;

import com.parley.conversation.ticket.Decision.Refusal;
import com.parley.conversation.ticket.Decision.Transition;
import com.parley.conversation.ticket.Decision.Unchanged;
import com.parley.events.Actor;
import com.parley.events.UserRef;
import com.parley.support.security.CurrentUser;

/**
 * A support ticket's life: which change is legal from which status, for whom, what it writes and which event
 * it causes. Every method decides on the state it was read in and returns a {@link Decision}; the
 * {@link TicketStore} applies a transition in one conditional write, so a concurrent change makes it miss
 * instead of overwrite. The claim is conditional on {@code status: pending} (any number of racers, one
 * winner); the other staff transitions on the version read; the automatic ones on exactly the facts that made
 * them due.
 */
public final class Ticket {

    /** The help-desk transitions a person asks for, with the statuses each is legal from (staff / admin). */
    public enum Action {
        RESOLVE("resolved", Set.of(Conversation.ASSIGNED), Set.of(Conversation.ASSIGNED)),
        CLOSE("closed", Set.of(Conversation.ASSIGNED, Conversation.RESOLVED),
                Set.of(Conversation.PENDING, Conversation.ASSIGNED, Conversation.RESOLVED)),
        REOPEN("reopened", Set.of(Conversation.RESOLVED), Set.of(Conversation.RESOLVED, Conversation.CLOSED)),
        RELEASE("released", Set.of(Conversation.ASSIGNED), Set.of(Conversation.ASSIGNED)),
        TRANSFER("transferred", Set.of(Conversation.ASSIGNED), Set.of(Conversation.ASSIGNED));

        private final String change;
        private final Set<String> from;
        private final Set<String> fromForAdmin;

        Action(String change, Set<String> from, Set<String> fromForAdmin) {
            this.change = change;
            this.from = from;
            this.fromForAdmin = fromForAdmin;
        }

        /** The {@code conversation.updated} change token. */
        public String change() {
            return change;
        }

        boolean allowedFrom(String status, boolean admin) {
            return (admin ? fromForAdmin : from).contains(status);
        }

        /** The customer may only reopen their own resolved ticket; everything else is the support side's. */
        boolean customerMay() {
            return this == REOPEN;
        }
    }

    /** Whom a transfer hands the ticket to, and why. */
    public record TransferTarget(UserRef staff, String note, Capacity capacity) {
    }

    private final Conversation state;

    private Ticket(Conversation state) {
        this.state = state;
    }

    /** The ticket as read; a thread is not a ticket and gets no help-desk transitions. */
    public static Ticket of(Conversation state) {
        return new Ticket(state);
    }

    public Conversation state() {
        return state;
    }

    /** The SEEN-claim: the first staff member to claim a pending ticket holds it. */
    public Decision claim(CurrentUser staff, Capacity capacity, Instant now) {
        if (!staff.isSupportAgent()) {
            return Refusal.of(HttpStatus.FORBIDDEN, "role_not_allowed", "Only staff claim support tickets");
        }
        if (!state.isSupport()) {
            return notFound();
        }
        if (Conversation.PENDING.equals(state.status())) {
            if (!staff.isAdmin()) {
                Refusal full = atCapacity(capacity, "You already hold %d active tickets, the most allowed is %d");
                if (full != null) {
                    return full;
                }
            }
            UserRef holder = staff.asRef();
            Change write = Change.none()
                    .set("status", Conversation.ASSIGNED)
                    .set("assignedTo", holder)
                    .set("assignedAt", now)
                    .set("updatedAt", now)
                    .set("participantIds", Conversation.participants(state.customerId(), staff.id()))
                    .seenBy(new Conversation.Seen(staff.id(), staff.name(), now))
                    .logged(activity(now, staff, "claimed", Conversation.ASSIGNED, null))
                    .newVersion();
            if (state.firstSeenBy() == null) {
                // only the first claim ever sets these; a released ticket keeps its first claimer
                write = write.set("firstSeenBy", holder).set("firstSeenAt", now);
            }
            return new Transition("claimed", state.status(), Conversation.ASSIGNED,
                    Precondition.of(state.id()).and("status", Conversation.PENDING), write,
                    List.of(TicketEvents.claimed(state, holder, staff.asActor(), now)));
        }
        if (state.isAssignedTo(staff.id())) {
            return new Unchanged(state);
        }
        if (state.assignedTo() != null) {
            return new Refusal(HttpStatus.CONFLICT, "already_claimed",
                    "Ticket " + state.ticketNumber() + " was already taken by " + state.assignedTo().name(),
                    Map.of("claimedBy", Map.of("id", state.assigneeId(), "name", state.assignedTo().name()),
                            "status", state.status()));
        }
        return new Refusal(HttpStatus.CONFLICT, "not_claimable",
                "Ticket " + state.ticketNumber() + " is " + state.status() + " and cannot be claimed",
                Map.of("status", state.status()));
    }

    public Decision resolve(CurrentUser by, Instant now) {
        return act(by, Action.RESOLVE, null, now);
    }

    public Decision close(CurrentUser by, Instant now) {
        return act(by, Action.CLOSE, null, now);
    }

    public Decision reopen(CurrentUser by, Instant now) {
        return act(by, Action.REOPEN, null, now);
    }

    public Decision release(CurrentUser by, Instant now) {
        return act(by, Action.RELEASE, null, now);
    }

    public Decision transfer(CurrentUser by, TransferTarget to, Instant now) {
        return act(by, Action.TRANSFER, to, now);
    }

    /** One of the person-asked transitions; {@code to} only for a transfer. */
    public Decision act(CurrentUser by, Action action, TransferTarget to, Instant now) {
        Refusal refused = refusal(by, action, to);
        if (refused != null) {
            return refused;
        }
        UserRef assignee = switch (action) {
            case RELEASE -> null;
            case TRANSFER -> to.staff();
            default -> state.assignedTo();
        };
        String status = switch (action) {
            case RESOLVE -> Conversation.RESOLVED;
            case CLOSE -> Conversation.CLOSED;
            case REOPEN -> state.assignedTo() == null ? Conversation.PENDING : Conversation.ASSIGNED;
            case RELEASE -> Conversation.PENDING;
            case TRANSFER -> Conversation.ASSIGNED;
        };
        Change write = Change.none().set("status", status).set("updatedAt", now);
        write = switch (action) {
            case RESOLVE -> write.set("resolvedAt", now);
            case CLOSE -> write.set("closedAt", now);
            case REOPEN -> write.unset("resolvedAt", "closedAt");
            case RELEASE -> write.unset("assignedTo", "assignedAt");
            case TRANSFER -> write.set("assignedTo", assignee).set("assignedAt", now);
        };
        write = write.set("participantIds", Conversation.participants(state.customerId(),
                        assignee == null ? null : assignee.id()))
                .logged(activity(now, by, action.change(), status, transferDetail(action, to)))
                .newVersion();
        return new Transition(action.change(), state.status(), status,
                Precondition.of(state.id()).and("version", state.version()), write,
                List.of(TicketEvents.updated(state, action.change(), status, assignee, by.asActor(), now)));
    }

    /**
     * Back to the queue when the assignee claimed it before {@code cutoff} (now minus {@code after}) and has not
     * replied. Conditional on
     * the same assignee since the same moment and still no first response, so a reply or a transfer that lands
     * first wins and two sweepers release it once.
     */
    public Decision autoRelease(Instant cutoff, Duration after, Instant now) {
        if (!state.isSupport() || !Conversation.ASSIGNED.equals(state.status()) || state.firstResponseAt() != null
                || state.assignedAt() == null || !state.assignedAt().isBefore(cutoff)) {
            return Refusal.of(HttpStatus.CONFLICT, "not_overdue", "The ticket is not waiting for a first reply");
        }
        Change write = Change.none().set("status", Conversation.PENDING).unset("assignedTo", "assignedAt")
                .set("updatedAt", now).set("participantIds", Conversation.participants(state.customerId(), null))
                .logged(new Conversation.Activity(now, Actor.SYSTEM.id(), Actor.SYSTEM.name(), Actor.SYSTEM.role(),
                        "auto_released", Conversation.ASSIGNED, Conversation.PENDING,
                        "no reply from " + state.assignedTo().name() + " within " + after))
                .newVersion();
        Precondition stillOverdue = Precondition.of(state.id()).and("status", Conversation.ASSIGNED)
                .and("assignedTo.id", state.assigneeId()).and("assignedAt", state.assignedAt())
                .and("firstResponseAt", null);
        return new Transition("auto_released", Conversation.ASSIGNED, Conversation.PENDING, stillOverdue, write,
                List.of(TicketEvents.updated(state, "auto_released", Conversation.PENDING, null, Actor.SYSTEM, now)));
    }

    /**
     * The customer wrote to a resolved ticket: it goes back to its assignee (to the queue if it has none).
     * Conditional on still being resolved; the caller folds the message itself into the same write.
     */
    public Decision customerWrote(Actor customer, Instant at) {
        if (!state.isSupport() || !Conversation.RESOLVED.equals(state.status())) {
            return Refusal.of(HttpStatus.CONFLICT, "illegal_transition", "Only a resolved ticket reopens");
        }
        String status = state.assignedTo() == null ? Conversation.PENDING : Conversation.ASSIGNED;
        Change write = Change.none().set("status", status).unset("resolvedAt").set("updatedAt", at)
                .logged(new Conversation.Activity(at, customer.id(), customer.name(), customer.role(), "reopened",
                        Conversation.RESOLVED, status, "the customer wrote again"))
                .newVersion();
        return new Transition("reopened", Conversation.RESOLVED, status,
                Precondition.of(state.id()).and("status", Conversation.RESOLVED), write,
                List.of(TicketEvents.updated(state, "reopened", status, state.assignedTo(), customer, at)));
    }

    /** The first staff reply stops the first-response clock, once; no event (the message is the news). */
    public Decision firstReply(Instant at) {
        if (!state.isSupport() || state.firstResponseAt() != null) {
            return Refusal.of(HttpStatus.CONFLICT, "already_answered", "The ticket already had a staff reply");
        }
        return new Transition("first_response", state.status(), state.status(),
                Precondition.of(state.id()).and("firstResponseAt", null),
                Change.none().set("firstResponseAt", at), List.of());
    }

    private Refusal refusal(CurrentUser user, Action action, TransferTarget to) {
        boolean owner = user.id().equals(state.customerId());
        if (!state.isSupport()) {
            return illegal(action);
        }
        if (!user.isSupportAgent() && !(owner && action.customerMay())) {
            return Refusal.of(HttpStatus.FORBIDDEN, "role_not_allowed", "Only the assignee or an admin may do this");
        }
        if (!action.allowedFrom(state.status(), user.isAdmin())) {
            return illegal(action);
        }
        if (user.isSupportAgent() && !user.isAdmin() && !state.isAssignedTo(user.id())) {
            return new Refusal(HttpStatus.FORBIDDEN, "not_assignee", "Only the assignee or an admin may do this",
                    state.assignedTo() == null ? Map.of()
                            : Map.of("assignedTo", Map.of("id", state.assigneeId(), "name", state.assignedTo().name())));
        }
        if (action == Action.TRANSFER) {
            if (to.staff().id().equals(state.assigneeId())) {
                return Refusal.of(HttpStatus.BAD_REQUEST, "invalid_transfer_target",
                        "The ticket is already assigned to them");
            }
            return atCapacity(to.capacity(), to.staff().id() + " already holds %d active tickets, the most allowed is %d");
        }
        return null;
    }

    /** Null when {@code capacity} leaves room (or has no limit); the count is only asked for with a limit. */
    private static Refusal atCapacity(Capacity capacity, String detail) {
        if (capacity == null || !capacity.limited()) {
            return null;
        }
        long held = capacity.held().getAsLong();
        if (held < capacity.max()) {
            return null;
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("activeTickets", held);
        figures.put("maxActiveTickets", capacity.max());
        return new Refusal(HttpStatus.CONFLICT, "staff_at_capacity", detail.formatted(held, capacity.max()), figures);
    }

    private Refusal illegal(Action action) {
        String name = action.name().toLowerCase(java.util.Locale.ROOT);
        return new Refusal(HttpStatus.CONFLICT, "illegal_transition",
                "Cannot " + name + " a ticket that is " + state.status(),
                Map.of("status", state.status(), "action", name));
    }

    private Refusal notFound() {
        return Refusal.of(HttpStatus.NOT_FOUND, "conversation_not_found", "No conversation " + state.id());
    }

    private Conversation.Activity activity(Instant now, CurrentUser by, String action, String toStatus,
                                           String detail) {
        return new Conversation.Activity(now, by.id(), by.name(), by.primaryRole().senderType(), action,
                state.status(), toStatus, detail);
    }

    private String transferDetail(Action action, TransferTarget to) {
        if (action != Action.TRANSFER) {
            return null;
        }
        String from = state.assignedTo() == null ? "nobody" : state.assignedTo().name();
        String note = to.note() == null || to.note().isBlank() ? "" : ": " + to.note().strip();
        return "from " + from + " to " + to.staff().name() + note;
    }
}
