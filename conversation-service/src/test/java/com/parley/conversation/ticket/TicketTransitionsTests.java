package com.parley.conversation.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.parley.conversation.ticket.Decision.Refusal;
import com.parley.conversation.ticket.Decision.Transition;
import com.parley.conversation.ticket.Decision.Unchanged;
import com.parley.events.ConversationClaimed;
import com.parley.events.ConversationUpdated;
import com.parley.events.Role;
import com.parley.events.UserRef;
import com.parley.support.security.CurrentUser;

/**
 * The whole transition table of a support ticket — every state × every action × every role — decided by
 * {@link Ticket} without any infrastructure. A cell is the status the ticket moves to ({@code →assigned}),
 * {@code =} for "already so, nothing to write", or the problem code of the refusal. The rows restate
 * docs/AUTHORIZATION.md (claim, resolve/release/transfer, close, reopen) and conversation-service/README.md.
 */
class TicketTransitionsTests {

    private static final Instant CREATED = Instant.parse("2026-12-01T08:00:00Z");
    private static final Instant CLAIMED = CREATED.plusSeconds(60);
    private static final Instant NOW = CREATED.plusSeconds(3600);

    private static final UserRef STAFF_A = UserRef.of("staff-a", "An");
    private static final Map<String, CurrentUser> ROLES = Map.of(
            "owner", user("cust-1", Role.CUSTOMER),
            "stranger", user("cust-2", Role.CUSTOMER),
            "assignee", user(STAFF_A.id(), Role.STAFF),
            "staff", user("staff-b", Role.STAFF),
            "admin", user("admin-1", Role.ADMIN));

    @ParameterizedTest(name = "{0} ticket, {1}: claim {2}, resolve {3}, close {4}, reopen {5}, release {6}, transfer {7}")
    @CsvSource({
            // state,   role,     claim,            resolve,            close,              reopen,             release,            transfer
            "pending,   owner,    role_not_allowed, role_not_allowed,   role_not_allowed,   illegal_transition, role_not_allowed,   role_not_allowed",
            "pending,   stranger, role_not_allowed, role_not_allowed,   role_not_allowed,   role_not_allowed,   role_not_allowed,   role_not_allowed",
            "pending,   assignee, →assigned,        illegal_transition, illegal_transition, illegal_transition, illegal_transition, illegal_transition",
            "pending,   staff,    →assigned,        illegal_transition, illegal_transition, illegal_transition, illegal_transition, illegal_transition",
            "pending,   admin,    →assigned,        illegal_transition, →closed,            illegal_transition, illegal_transition, illegal_transition",
            "assigned,  owner,    role_not_allowed, role_not_allowed,   role_not_allowed,   illegal_transition, role_not_allowed,   role_not_allowed",
            "assigned,  stranger, role_not_allowed, role_not_allowed,   role_not_allowed,   role_not_allowed,   role_not_allowed,   role_not_allowed",
            "assigned,  assignee, =,                →resolved,          →closed,            illegal_transition, →pending,           →assigned",
            "assigned,  staff,    already_claimed,  not_assignee,       not_assignee,       illegal_transition, not_assignee,       not_assignee",
            "assigned,  admin,    already_claimed,  →resolved,          →closed,            illegal_transition, →pending,           →assigned",
            "resolved,  owner,    role_not_allowed, role_not_allowed,   role_not_allowed,   →assigned,          role_not_allowed,   role_not_allowed",
            "resolved,  stranger, role_not_allowed, role_not_allowed,   role_not_allowed,   role_not_allowed,   role_not_allowed,   role_not_allowed",
            "resolved,  assignee, =,                illegal_transition, →closed,            →assigned,          illegal_transition, illegal_transition",
            "resolved,  staff,    already_claimed,  illegal_transition, not_assignee,       not_assignee,       illegal_transition, illegal_transition",
            "resolved,  admin,    already_claimed,  illegal_transition, →closed,            →assigned,          illegal_transition, illegal_transition",
            "closed,    owner,    role_not_allowed, role_not_allowed,   role_not_allowed,   illegal_transition, role_not_allowed,   role_not_allowed",
            "closed,    stranger, role_not_allowed, role_not_allowed,   role_not_allowed,   role_not_allowed,   role_not_allowed,   role_not_allowed",
            "closed,    assignee, =,                illegal_transition, illegal_transition, illegal_transition, illegal_transition, illegal_transition",
            "closed,    staff,    already_claimed,  illegal_transition, illegal_transition, illegal_transition, illegal_transition, illegal_transition",
            "closed,    admin,    already_claimed,  illegal_transition, illegal_transition, →assigned,          illegal_transition, illegal_transition",
            // closed straight from the queue by an admin: nobody holds it
            "unheld,    owner,    role_not_allowed, role_not_allowed,   role_not_allowed,   illegal_transition, role_not_allowed,   role_not_allowed",
            "unheld,    assignee, not_claimable,    illegal_transition, illegal_transition, illegal_transition, illegal_transition, illegal_transition",
            "unheld,    admin,    not_claimable,    illegal_transition, illegal_transition, →pending,           illegal_transition, illegal_transition",
    })
    void everyStateActionAndRole(String state, String role, String claim, String resolve, String close,
                                 String reopen, String release, String transfer) {
        Ticket ticket = Ticket.of(ticket(state));
        CurrentUser user = ROLES.get(role);
        assertThat(outcome(ticket.claim(user, Capacity.unlimited(), NOW))).as("claim").isEqualTo(claim);
        assertThat(outcome(ticket.resolve(user, NOW))).as("resolve").isEqualTo(resolve);
        assertThat(outcome(ticket.close(user, NOW))).as("close").isEqualTo(close);
        assertThat(outcome(ticket.reopen(user, NOW))).as("reopen").isEqualTo(reopen);
        assertThat(outcome(ticket.release(user, NOW))).as("release").isEqualTo(release);
        assertThat(outcome(ticket.transfer(user, toStaffC(Capacity.unlimited()), NOW))).as("transfer")
                .isEqualTo(transfer);
    }

    @ParameterizedTest(name = "auto-release of a {0} ticket: {1}")
    @CsvSource({"pending, not_overdue", "assigned, →pending", "resolved, not_overdue", "closed, not_overdue",
            "unheld, not_overdue"})
    void autoReleaseOnlyTakesBackAClaimWithoutReply(String state, String expected) {
        assertThat(outcome(Ticket.of(ticket(state)).autoRelease(NOW, Duration.ofMinutes(10), NOW)))
                .isEqualTo(expected);
    }

    @Test
    void theClaimIsConditionalOnPendingAndAnnouncesTheNewParticipants() {
        Transition claim = (Transition) Ticket.of(ticket("pending")).claim(ROLES.get("staff"), Capacity.unlimited(),
                NOW);
        assertThat(claim.precondition().expected("status")).isEqualTo("pending");
        assertThat(claim.precondition().constrains("version")).as("any number of racers, one winner").isFalse();
        assertThat(claim.write().set()).containsEntry("status", "assigned")
                .containsEntry("participantIds", List.of("cust-1", "staff-b"))
                .containsEntry("firstSeenBy", UserRef.of("staff-b", "staff-b"));
        assertThat(claim.write().bumpsVersion()).isTrue();
        assertThat(claim.write().activity().action()).isEqualTo("claimed");
        assertThat(claim.events()).singleElement().satisfies(e -> {
            ConversationClaimed claimed = (ConversationClaimed) e.payload();
            assertThat(claimed.claimedBy().id()).isEqualTo("staff-b");
            assertThat(claimed.participantIds()).containsExactly("cust-1", "staff-b");
        });
    }

    @Test
    void lifecycleChangesAreConditionalOnTheVersionReadAndEmitTheirChange() {
        Transition release = (Transition) Ticket.of(ticket("assigned")).release(ROLES.get("assignee"), NOW);
        assertThat(release.precondition().expected("version")).isEqualTo(7L);
        assertThat(release.write().unset()).contains("assignedTo", "assignedAt");
        ConversationUpdated updated = (ConversationUpdated) release.events().getFirst().payload();
        assertThat(updated.change()).isEqualTo("released");
        assertThat(updated.status()).isEqualTo("pending");
        assertThat(updated.participantIds()).containsExactly("cust-1");
        assertThat(updated.conversationVersion()).isEqualTo(8L);
    }

    @Test
    void capacityIsCountedOnlyUnderALimitAndAdminsAreNotLimited() {
        AtomicInteger counted = new AtomicInteger();
        Capacity full = new Capacity(3, () -> {
            counted.incrementAndGet();
            return 3;
        });
        Ticket pending = Ticket.of(ticket("pending"));
        assertThat(outcome(pending.claim(ROLES.get("staff"), full, NOW))).isEqualTo("staff_at_capacity");
        assertThat(((Refusal) pending.claim(ROLES.get("staff"), full, NOW)).properties())
                .containsEntry("activeTickets", 3L).containsEntry("maxActiveTickets", 3);
        assertThat(outcome(pending.claim(ROLES.get("admin"), full, NOW))).isEqualTo("→assigned");
        assertThat(outcome(pending.claim(ROLES.get("staff"), new Capacity(3, () -> 2), NOW))).isEqualTo("→assigned");
        int before = counted.get();
        pending.claim(ROLES.get("staff"), new Capacity(0, () -> {
            counted.incrementAndGet();
            return 99;
        }), NOW);
        assertThat(counted.get()).as("no limit, no count").isEqualTo(before);

        Ticket assigned = Ticket.of(ticket("assigned"));
        assertThat(outcome(assigned.transfer(ROLES.get("assignee"), toStaffC(full), NOW))).isEqualTo("staff_at_capacity");
        assertThat(outcome(assigned.transfer(ROLES.get("admin"), toStaffC(full), NOW)))
                .as("the target's capacity binds admins too").isEqualTo("staff_at_capacity");
    }

    @Test
    void aTransferToTheCurrentAssigneeIsRefused() {
        var toSelf = new Ticket.TransferTarget(STAFF_A, null, Capacity.unlimited());
        assertThat(outcome(Ticket.of(ticket("assigned")).transfer(ROLES.get("admin"), toSelf, NOW)))
                .isEqualTo("invalid_transfer_target");
    }

    @Test
    void autoReleaseSparesARepliedOrRecentClaimAndIsConditionalOnWhatMadeItDue() {
        Conversation replied = with(ticket("assigned"), NOW.minusSeconds(5));
        assertThat(outcome(Ticket.of(replied).autoRelease(NOW, Duration.ofMinutes(10), NOW))).isEqualTo("not_overdue");
        assertThat(outcome(Ticket.of(ticket("assigned")).autoRelease(CLAIMED, Duration.ofMinutes(10), NOW)))
                .as("claimed at the cutoff, not before").isEqualTo("not_overdue");
        Transition release = (Transition) Ticket.of(ticket("assigned")).autoRelease(NOW, Duration.ofMinutes(10), NOW);
        assertThat(release.precondition().expected("assignedTo.id")).isEqualTo(STAFF_A.id());
        assertThat(release.precondition().expected("assignedAt")).isEqualTo(CLAIMED);
        assertThat(release.precondition().constrains("firstResponseAt")).isTrue();
        assertThat(release.write().activity().actorRole()).isEqualTo("system");
    }

    @Test
    void aCustomerMessageReopensOnlyAResolvedTicketAndTheFirstReplyCountsOnce() {
        var customer = com.parley.events.Actor.of("cust-1", "customer", "Chi");
        assertThat(outcome(Ticket.of(ticket("resolved")).customerWrote(customer, NOW))).isEqualTo("→assigned");
        assertThat(outcome(Ticket.of(ticket("unheld")).customerWrote(customer, NOW))).isEqualTo("illegal_transition");
        assertThat(outcome(Ticket.of(ticket("assigned")).firstReply(NOW))).isEqualTo("→assigned");
        assertThat(outcome(Ticket.of(with(ticket("assigned"), NOW)).firstReply(NOW))).isEqualTo("already_answered");
    }

    @Test
    void threadsHaveNoHelpDeskLifecycleAndOnlyTheirSellerEscalates() {
        Conversation thread = thread(null);
        assertThat(outcome(Ticket.of(thread).claim(ROLES.get("staff"), Capacity.unlimited(), NOW)))
                .isEqualTo("conversation_not_found");
        assertThat(outcome(Ticket.of(thread).resolve(ROLES.get("admin"), NOW))).isEqualTo("illegal_transition");

        CurrentUser seller = user("seller-1", Role.SELLER);
        Conversation escalated = ticket("pending");
        assertThat(outcome(BuyerSellerThread.of(thread).escalate(user("buyer-1", Role.BUYER), escalated, NOW)))
                .isEqualTo("not_thread_seller");
        assertThat(outcome(BuyerSellerThread.of(ticket("pending")).escalate(seller, escalated, NOW)))
                .isEqualTo("not_a_thread");
        Transition mark = (Transition) BuyerSellerThread.of(thread).escalate(seller, escalated, NOW);
        assertThat(mark.precondition().constrains("escalatedTicketId")).isTrue();
        assertThat(mark.write().set()).containsEntry("escalatedTicketId", escalated.id());
        assertThat(outcome(BuyerSellerThread.of(thread(escalated.id())).escalate(seller, escalated, NOW)))
                .isEqualTo("=");
    }

    private static String outcome(Decision decision) {
        return switch (decision) {
            case Transition t -> "→" + t.toStatus();
            case Unchanged u -> "=";
            case Refusal r -> r.code();
        };
    }

    private static Ticket.TransferTarget toStaffC(Capacity capacity) {
        return new Ticket.TransferTarget(UserRef.of("staff-c", "Cường"), "shift change", capacity);
    }

    private static CurrentUser user(String id, Role role) {
        return new CurrentUser(id, id, EnumSet.of(role));
    }

    /** A ticket of customer cust-1 in {@code state}; held by staff-a unless pending or "unheld" (closed). */
    private static Conversation ticket(String state) {
        boolean held = !Set.of("pending", "unheld").contains(state);
        String status = "unheld".equals(state) ? Conversation.CLOSED : state;
        UserRef customer = UserRef.of("cust-1", "Chi");
        return new Conversation("64b000000000000000000001", Conversation.SUPPORT, "T-000001", status, "medium", 2,
                "Đơn hàng chưa tới", List.of(), null, null, customer, customer.id(), null, null, null, null,
                held ? STAFF_A : null, held ? CLAIMED : null, held ? STAFF_A : null, held ? CLAIMED : null,
                List.of(), null, 1L, CREATED, Map.of(), Map.of(), CREATED.plusSeconds(3600), null, null, null,
                CREATED, CLAIMED, Conversation.participants(customer.id(), held ? STAFF_A.id() : null), List.of(),
                "cust-1:k", 7L, null, null, null, null);
    }

    private static Conversation with(Conversation c, Instant firstResponseAt) {
        return new Conversation(c.id(), c.kind(), c.ticketNumber(), c.status(), c.priority(), c.priorityRank(),
                c.subject(), c.tags(), c.orderId(), c.productId(), c.customer(), c.customerId(), c.buyer(),
                c.buyerId(), c.seller(), c.sellerId(), c.assignedTo(), c.assignedAt(), c.firstSeenBy(),
                c.firstSeenAt(), c.seenBy(), c.lastMessage(), c.lastMessageSeq(), c.lastMessageAt(), c.unread(),
                c.readSeq(), c.firstResponseDueAt(), firstResponseAt, c.resolvedAt(), c.closedAt(), c.createdAt(),
                c.updatedAt(), c.participantIds(), c.activity(), c.requestKey(), c.version(), c.outbox(),
                c.threadKey(), c.linkedThreadId(), c.escalatedTicketId());
    }

    private static Conversation thread(String escalatedTicketId) {
        UserRef buyer = UserRef.of("buyer-1", "Bình");
        UserRef seller = UserRef.of("seller-1", "TechZone");
        return new Conversation("64b000000000000000000002", Conversation.BUYER_SELLER, null, Conversation.OPEN, null,
                0, "Tai nghe", List.of(), null, "p-1", null, null, buyer, buyer.id(), seller, seller.id(), null, null,
                null, null, List.of(), null, 0L, CREATED, Map.of(), Map.of(), null, null, null, null, CREATED, CREATED,
                List.of(buyer.id(), seller.id()), List.of(), null, 3L, null, "buyer-1|seller-1|product:p-1", null,
                escalatedTicketId);
    }
}
