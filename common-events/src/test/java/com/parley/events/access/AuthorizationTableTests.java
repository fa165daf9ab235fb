package com.parley.events.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.parley.events.Role;
import com.parley.events.access.EventFrame.FrameType;

/**
 * The first table of docs/AUTHORIZATION.md against {@link AccessPolicy}: every row the policy decides is checked
 * cell by cell with concrete conversations (own ticket vs another customer's, assignee vs another staff member,
 * every status, a thread's buyer/seller vs a stranger); every other row must be listed in
 * {@link #DECIDED_ELSEWHERE}, so a new row fails here until someone says who decides it.
 */
class AuthorizationTableTests {

    private static final Path DOC = Path.of("../docs/AUTHORIZATION.md");
    private static final List<String> HEADER = List.of("Endpoint", "CUSTOMER", "BUYER", "SELLER", "STAFF", "ADMIN",
            "checked by");
    private static final List<Role> ROLES = List.of(Role.CUSTOMER, Role.BUYER, Role.SELLER, Role.STAFF, Role.ADMIN);

    static final String READ_TICKET = "`GET /api/conversations/{id}` ticket";
    static final String READ_THREAD = "`GET /api/conversations/{id}` thread";
    static final String POST_TICKET = "`POST …/{id}/messages` on a ticket";
    static final String POST_THREAD = "`POST …/{id}/messages` on a thread";
    static final String READ_MESSAGES = "`GET …/{id}/messages`, `POST …/{id}/read`";
    static final String ATTACHMENTS = "`POST …/{id}/attachments`, `GET /api/attachments/{aid}`";
    static final String WEBSOCKET = "`GET /ws` (WebSocket)";

    static final List<String> POLICY_ROWS = List.of(READ_TICKET, READ_THREAD, POST_TICKET, POST_THREAD,
            READ_MESSAGES, ATTACHMENTS, WEBSOCKET);

    /** Rows this policy does not decide, and where they are decided (and tested). */
    static final Map<String, String> DECIDED_ELSEWHERE = Map.ofEntries(
            Map.entry("`POST /api/conversations` (open a ticket)",
                    "gateway role gate (RoutingTests) + conversation TicketCreation"),
            Map.entry("`GET /api/conversations?view=…`", "conversation ticket lists (TicketIntegrationTests)"),
            Map.entry("`GET /api/conversations/counts`", "conversation ticket counts (TicketIntegrationTests)"),
            Map.entry("`PUT /api/conversations/{id}/seen` (claim)",
                    "gateway role gate + conversation ClaimService (Ticket transition test)"),
            Map.entry("`POST …/{id}/resolve`, `/release`, `/transfer`",
                    "conversation lifecycle (Ticket transition test)"),
            Map.entry("`POST …/{id}/close`", "conversation lifecycle (Ticket transition test)"),
            Map.entry("`POST …/{id}/reopen`", "conversation lifecycle (Ticket transition test)"),
            Map.entry("`PATCH`/`DELETE …/{id}/messages/{mid}`",
                    "messaging MessageEditService, author only (EditAndDeleteIntegrationTests)"),
            Map.entry("`GET /api/admin/moderation/**`, `/api/admin/messages/**`",
                    "messaging admin role check (ModerationIntegrationTests)"),
            Map.entry("`POST /api/chat/threads`", "gateway role gate + conversation ThreadOpening"),
            Map.entry("`GET /api/chat/threads`", "conversation thread inbox (ThreadIntegrationTests)"),
            Map.entry("`POST /api/chat/threads/{id}/escalate`", "conversation thread escalation"),
            Map.entry("`GET /api/chat/threads/response-stats`", "conversation seller stats"),
            Map.entry("`/api/notifications/**` (own preferences, push subscriptions)",
                    "notification, own data only (PreferencesIntegrationTests)"),
            Map.entry("`GET /api/notifications/log` (everyone's delivery log)",
                    "notification admin check (PreferencesIntegrationTests)"),
            Map.entry("`POST /api/dev/tokens`, `GET /.well-known/jwks.json`", "gateway (WithoutLocalProfileTests)"),
            Map.entry("health, metrics, API docs, web apps", "gateway (public)"));

    // ---- the doc ----

    record Row(String endpoint, Map<Role, String> cells, String checkedBy) {
    }

    static Map<String, Row> table() {
        if (!Files.isRegularFile(DOC)) {
            fail("docs/AUTHORIZATION.md not found at " + DOC.toAbsolutePath().normalize()
                    + ": run the tests from the common-events module directory (Maven does)");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(DOC);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + DOC, e);
        }
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("| Endpoint |")) {
                start = i;
                break;
            }
        }
        assertThat(start).as("a table starting with '| Endpoint |' in %s", DOC).isNotNegative();
        assertThat(cells(lines.get(start))).as("the first table's columns").isEqualTo(HEADER);
        Map<String, Row> rows = new LinkedHashMap<>();
        for (int i = start + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            List<String> cells = cells(lines.get(i));
            assertThat(cells).as("columns of line %d: %s", i + 1, lines.get(i)).hasSize(HEADER.size());
            Map<Role, String> byRole = new EnumMap<>(Role.class);
            for (int r = 0; r < ROLES.size(); r++) {
                byRole.put(ROLES.get(r), cells.get(r + 1));
            }
            rows.put(cells.get(0), new Row(cells.get(0), byRole, cells.get(6)));
        }
        return rows;
    }

    private static List<String> cells(String line) {
        String inner = line.strip();
        inner = inner.substring(1, inner.endsWith("|") ? inner.length() - 1 : inner.length());
        return Arrays.stream(inner.split("\\|", -1)).map(String::strip).toList();
    }

    // ---- every row is classified ----

    @Test
    void everyRowOfTheTableIsDecidedByThePolicyOrListedAsDecidedElsewhere() {
        Map<String, Row> rows = table();
        List<String> unclassified = rows.keySet().stream()
                .filter(e -> !POLICY_ROWS.contains(e) && !DECIDED_ELSEWHERE.containsKey(e)).toList();
        assertThat(unclassified).as("rows nobody classified: add each to POLICY_ROWS (and check its cells here) "
                + "or to DECIDED_ELSEWHERE with where it is decided").isEmpty();
        List<String> gone = Stream.concat(POLICY_ROWS.stream(), DECIDED_ELSEWHERE.keySet().stream())
                .filter(e -> !rows.containsKey(e)).toList();
        assertThat(gone).as("rows this test knows that the doc no longer has").isEmpty();
    }

    @Test
    void theRowsThatDeferToOtherRowsSaySo() {
        Map<String, Row> rows = table();
        assertThat(rows.get(READ_MESSAGES).cells()).as(READ_MESSAGES).isEqualTo(deferring("as reading the conversation"));
        assertThat(rows.get(ATTACHMENTS).cells()).as(ATTACHMENTS)
                .isEqualTo(deferring("as posting / reading the conversation"));
    }

    private static Map<Role, String> deferring(String text) {
        Map<Role, String> cells = new EnumMap<>(Role.class);
        ROLES.forEach(r -> cells.put(r, r == Role.CUSTOMER ? text : ""));
        return cells;
    }

    // ---- the cells against the policy ----

    static Stream<Arguments> policyCells() {
        Map<String, Row> rows = table();
        List<Arguments> arguments = new ArrayList<>();
        for (String endpoint : POLICY_ROWS) {
            assertThat(rows).as("the doc's table has the row %s", endpoint).containsKey(endpoint);
            for (Role role : ROLES) {
                arguments.add(Arguments.of(endpoint, role));
            }
        }
        return arguments.stream();
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("policyCells")
    void theCellSaysWhatThePolicyDecides(String endpoint, Role role) {
        Map<String, Row> rows = table();
        switch (endpoint) {
            case READ_TICKET, READ_THREAD, READ_MESSAGES -> checkRead(rows, role, endpoint);
            case POST_TICKET, POST_THREAD -> checkPost(rows, role, endpoint);
            case ATTACHMENTS -> {
                checkRead(rows, role, endpoint);
                checkPost(rows, role, endpoint);
            }
            case WEBSOCKET -> checkFrames(rows.get(WEBSOCKET).cells().get(role), role);
            default -> fail("no check for " + endpoint);
        }
    }

    /** Reading: the ticket row for tickets, the thread row for threads (the messages rows defer to them). */
    private static void checkRead(Map<String, Row> rows, Role role, String endpoint) {
        for (Scenario s : scenarios(role)) {
            String row = s.facts().isThread() ? READ_THREAD : READ_TICKET;
            boolean expected = meaning(cellFor(rows.get(row), role, s)).test(s);
            Decision decision = AccessPolicy.canRead(s.caller(), s.facts());
            assertThat(decision.allowed()).as("%s: %s reads %s", endpoint, role, s).isEqualTo(expected);
            if (!expected) {
                assertThat(decision).as("refusal of %s", s).isEqualTo(Decision.NOT_PARTICIPANT);
                assertThat(decision.code()).isEqualTo("not_a_participant");
                assertThat(decision.httpStatus()).isEqualTo(403);
            }
        }
    }

    /**
     * Posting. The table names "unless closed" for the customer only; a closed conversation refuses the assignee
     * and a thread's members too ({@code conversation_closed}, 409), and only an admin still writes to a closed
     * ticket (the ADMIN cell is a plain ✔).
     */
    private static void checkPost(Map<String, Row> rows, Role role, String endpoint) {
        for (Scenario s : scenarios(role)) {
            String row = s.facts().isThread() ? POST_THREAD : POST_TICKET;
            boolean byCell = meaning(cellFor(rows.get(row), role, s)).test(s);
            boolean closedForCaller = s.facts().isClosed() && !(role == Role.ADMIN && !s.facts().isThread());
            Decision decision = AccessPolicy.canPost(s.caller(), s.facts());
            assertThat(decision.allowed()).as("%s: %s posts to %s", endpoint, role, s)
                    .isEqualTo(byCell && !closedForCaller);
            if (byCell && closedForCaller) {
                assertThat(decision).as("refusal of %s", s).isEqualTo(Decision.CLOSED);
                assertThat(decision.code()).isEqualTo("conversation_closed");
                assertThat(decision.httpStatus()).isEqualTo(409);
            } else if (!byCell) {
                Decision refusal = !s.facts().isThread() && role == Role.STAFF ? Decision.NOT_ASSIGNEE
                        : Decision.NOT_PARTICIPANT;
                assertThat(decision).as("refusal of %s", s).isEqualTo(refusal);
                assertThat(decision.httpStatus()).isEqualTo(403);
            }
        }
    }

    /**
     * "A BUYER or SELLER who opens a support ticket is that ticket's customer": on their own ticket their cell is
     * the CUSTOMER one.
     */
    private static String cellFor(Row row, Role role, Scenario s) {
        boolean buyerOrSellerAsCustomer = (role == Role.BUYER || role == Role.SELLER) && !s.facts().isThread()
                && s.relation() == Relation.OWN;
        return row.cells().get(buyerOrSellerAsCustomer ? Role.CUSTOMER : role);
    }

    /** What a conversation cell means for one concrete conversation; an unknown wording fails. */
    private static Predicate<Scenario> meaning(String cell) {
        if (cell.equals("✘")) {
            return s -> false;
        }
        if (cell.startsWith("✔")) {
            return s -> true;
        }
        if (cell.equals("own")) {
            return s -> s.relation() == Relation.OWN;
        }
        if (cell.startsWith("own, unless closed")) {
            return s -> s.relation() == Relation.OWN; // "closed" is checkPost's rule for every poster
        }
        if (cell.equals("assignee")) {
            return s -> s.relation() == Relation.ASSIGNEE;
        }
        return fail("Cell '" + cell + "' has no meaning in this test yet: say here what it allows");
    }

    /**
     * Frames: "own events" (and a plain ✔) are the frames of conversations the user takes part in (or just left
     * as the previous assignee); "staff broadcasts" are a new ticket, a claim and a ticket back in the queue. A
     * plain ✔ of ADMIN includes the broadcasts: STAFF and ADMIN are both support agents (the doc's legend).
     */
    private static void checkFrames(String cell, Role role) {
        boolean broadcasts;
        if (cell.equals("✔ + staff broadcasts")) {
            broadcasts = true;
        } else if (cell.equals("✔ own events") || cell.equals("✔")) {
            broadcasts = cell.equals("✔") && role == Role.ADMIN;
        } else {
            broadcasts = false;
            fail("WebSocket cell '" + cell + "' has no meaning in this test yet");
        }
        Caller me = Caller.of("me", role);
        for (FrameType type : FrameType.values()) {
            for (ConversationKind kind : ConversationKind.values()) {
                for (ConversationStatus status : kind == ConversationKind.SUPPORT
                        ? List.of(ConversationStatus.PENDING, ConversationStatus.ASSIGNED, ConversationStatus.CLOSED)
                        : List.of(ConversationStatus.OPEN)) {
                    // only tickets are claimed, so a claim is broadcast whatever kind the frame names
                    boolean broadcast = type == FrameType.CONVERSATION_CLAIMED || kind == ConversationKind.SUPPORT
                            && (type == FrameType.CONVERSATION_CREATED
                            || type == FrameType.CONVERSATION_UPDATED && status == ConversationStatus.PENDING);
                    EventFrame mine = new EventFrame(type, kind, status, List.of("me", "someone"), null);
                    EventFrame others = new EventFrame(type, kind, status, List.of("someone", "someone-else"), null);
                    assertThat(AccessPolicy.receivesFrame(me, mine)).as("%s gets %s of their own %s %s", role, type,
                            status, kind).isTrue();
                    assertThat(AccessPolicy.receivesFrame(me, others)).as("%s gets %s of someone else's %s %s", role,
                            type, status, kind).isEqualTo(broadcasts && broadcast);
                }
            }
        }
        if (role == Role.STAFF || role == Role.ADMIN) {
            EventFrame released = new EventFrame(FrameType.CONVERSATION_UPDATED, ConversationKind.SUPPORT,
                    ConversationStatus.ASSIGNED, List.of("customer", "next-staff"), "me");
            assertThat(AccessPolicy.receivesFrame(me, released)).as("%s learns the ticket left them", role).isTrue();
        }
    }

    // ---- concrete conversations ----

    enum Relation { OWN, STRANGER, ASSIGNEE, OTHER_ASSIGNEE, UNASSIGNED }

    record Scenario(Caller caller, ConversationFacts facts, Relation relation) {
        @Override
        public String toString() {
            return relation + " " + facts.kind() + " " + facts.status();
        }
    }

    /** The conversations a user of {@code role} meets: their own and others' tickets and threads, in every status. */
    static List<Scenario> scenarios(Role role) {
        Caller me = Caller.of("me", role);
        List<Scenario> all = new ArrayList<>();
        for (ConversationStatus status : List.of(ConversationStatus.PENDING, ConversationStatus.ASSIGNED,
                ConversationStatus.RESOLVED, ConversationStatus.CLOSED)) {
            boolean pending = status == ConversationStatus.PENDING;
            String held = pending ? null : "other-staff";
            all.add(new Scenario(me, ConversationFacts.ticket(status, "other-customer", held), Relation.STRANGER));
            switch (role) {
                case CUSTOMER, BUYER, SELLER ->
                        all.add(new Scenario(me, ConversationFacts.ticket(status, "me", held), Relation.OWN));
                case STAFF, ADMIN -> {
                    if (pending) {
                        all.add(new Scenario(me, ConversationFacts.ticket(status, "customer", null),
                                Relation.UNASSIGNED));
                    } else {
                        all.add(new Scenario(me, ConversationFacts.ticket(status, "customer", "me"),
                                Relation.ASSIGNEE));
                        all.add(new Scenario(me, ConversationFacts.ticket(status, "customer", "other-staff"),
                                Relation.OTHER_ASSIGNEE));
                    }
                }
            }
        }
        for (ConversationStatus status : List.of(ConversationStatus.OPEN, ConversationStatus.CLOSED)) {
            all.add(new Scenario(me, ConversationFacts.thread(status, "other-buyer", "other-seller"),
                    Relation.STRANGER));
            if (role == Role.BUYER) {
                all.add(new Scenario(me, ConversationFacts.thread(status, "me", "other-seller"), Relation.OWN));
            }
            if (role == Role.SELLER) {
                all.add(new Scenario(me, ConversationFacts.thread(status, "other-buyer", "me"), Relation.OWN));
            }
        }
        return all;
    }
}
