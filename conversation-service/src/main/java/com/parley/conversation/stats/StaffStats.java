package com.parley.conversation.stats;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

import com.parley.conversation.claim.ClaimStats;
import com.parley.conversation.system.ConversationProperties;
import com.parley.conversation.ticket.Conversation;
import com.parley.events.UserRef;
import com.parley.support.security.CurrentUser;

/**
 * The seed's performance dashboard (section 9): per staff member the tickets handled (assigned to them in the
 * period), how many of those are resolved, how many they hold now, and their average first response time
 * (ticket opened → first staff reply); plus the claim race statistics and the queue's alert state.
 * Computed from a projection in Java: fine for a day's tickets; on real MongoDB an aggregation would scale further.
 */
@Service
class StaffStats {

    private static final int MAX_TICKETS = 20_000;

    private final MongoTemplate mongo;
    private final ClaimStats claims;
    private final TicketGauges gauges;
    private final ConversationProperties.Alerts alerts;

    StaffStats(MongoTemplate mongo, ClaimStats claims, TicketGauges gauges, ConversationProperties properties) {
        this.mongo = mongo;
        this.claims = claims;
        this.gauges = gauges;
        this.alerts = properties.alerts();
    }

    record StaffRow(UserRef staff, long handled, long active, long resolved, Double averageFirstResponseSeconds) {
    }

    record Queue(long pending, int pendingThreshold, long overloadedStaff, int activeTicketsPerStaffThreshold) {
    }

    record Report(Instant from, Instant to, List<StaffRow> staff, ClaimStats.Totals claims, Queue queue) {
    }

    private static final class Row {
        UserRef staff;
        long handled;
        long active;
        long resolved;
        long responses;
        long responseMillis;

        StaffRow toRow() {
            return new StaffRow(staff, handled, active, resolved,
                    responses == 0 ? null : Math.round(responseMillis / 10.0 / responses) / 100.0);
        }
    }

    Report report(CurrentUser user, Instant from, Instant to) {
        Map<String, Row> rows = new HashMap<>();
        // raw (unmapped) queries: Spring Data stores a nested record's "id" as "_id"
        Criteria mine = user.isAdmin() ? new Criteria() : Criteria.where("assignedTo._id").is(user.id());
        Query handled = Query.query(new Criteria().andOperator(mine, Criteria.where("kind").is(Conversation.SUPPORT)
                .and("assignedAt").gte(from).lt(to))).limit(MAX_TICKETS);
        handled.fields().include("assignedTo").include("status").include("createdAt").include("firstResponseAt");
        for (Document t : mongo.find(handled, Document.class, Conversation.COLLECTION)) {
            Row row = row(rows, t);
            row.handled++;
            String status = t.getString("status");
            if (Conversation.RESOLVED.equals(status) || Conversation.CLOSED.equals(status)) {
                row.resolved++;
            }
            if (t.getDate("firstResponseAt") != null && t.getDate("createdAt") != null) {
                row.responses++;
                row.responseMillis += Duration.between(t.getDate("createdAt").toInstant(),
                        t.getDate("firstResponseAt").toInstant()).toMillis();
            }
        }
        Query active = Query.query(new Criteria().andOperator(mine, Criteria.where("kind").is(Conversation.SUPPORT)
                .and("status").is(Conversation.ASSIGNED))).limit(MAX_TICKETS);
        active.fields().include("assignedTo");
        for (Document t : mongo.find(active, Document.class, Conversation.COLLECTION)) {
            row(rows, t).active++;
        }
        List<StaffRow> staff = rows.values().stream().map(Row::toRow)
                .sorted(Comparator.comparingLong(StaffRow::handled).reversed()
                        .thenComparing(r -> r.staff().id()))
                .toList();
        TicketGauges.Snapshot now = gauges.refresh();
        return new Report(from, to, staff, claims.totals(from, to),
                new Queue(now.pending(), alerts.pendingTickets(), now.overloadedStaff(), alerts.activeTicketsPerStaff()));
    }

    private static Row row(Map<String, Row> rows, Document ticket) {
        Document assignee = ticket.get("assignedTo", Document.class);
        // Spring Data stores a nested record's "id" property as "_id"
        String id = assignee == null ? "unknown" : assignee.getString("_id");
        Row row = rows.computeIfAbsent(id, k -> new Row());
        if (row.staff == null) {
            row.staff = UserRef.of(id, assignee == null ? id : assignee.getString("name"));
        }
        return row;
    }
}
