package com.parley.conversation.stats;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.parley.conversation.system.ConversationProperties;
import com.parley.conversation.ticket.Conversation;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Gauges an alert can fire on, recounted on a schedule (not per scrape): {@code parley.tickets.pending} against
 * {@code parley.tickets.pending.threshold}, and {@code parley.staff.overloaded} (staff holding more than
 * {@code parley.staff.active.threshold} tickets) with {@code parley.staff.active.max}. Rules fire on
 * {@code pending > threshold} and {@code overloaded > 0}.
 */
@Component
class TicketGauges {

    private static final Logger log = LoggerFactory.getLogger(TicketGauges.class);

    private final MongoTemplate mongo;
    private final ConversationProperties.Alerts alerts;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong overloaded = new AtomicLong();
    private final AtomicLong maxActive = new AtomicLong();

    record Snapshot(long pending, long overloadedStaff, long maxActivePerStaff) {
    }

    TicketGauges(MongoTemplate mongo, ConversationProperties properties, MeterRegistry meters) {
        this.mongo = mongo;
        this.alerts = properties.alerts();
        Gauge.builder("parley.tickets.pending", pending, AtomicLong::get)
                .description("Support tickets waiting for a claim").register(meters);
        Gauge.builder("parley.tickets.pending.threshold", alerts, ConversationProperties.Alerts::pendingTickets)
                .description("Alert when more tickets than this wait").register(meters);
        Gauge.builder("parley.staff.overloaded", overloaded, AtomicLong::get)
                .description("Staff members holding more active tickets than the threshold").register(meters);
        Gauge.builder("parley.staff.active.max", maxActive, AtomicLong::get)
                .description("The most active tickets any one staff member holds").register(meters);
        Gauge.builder("parley.staff.active.threshold", alerts, ConversationProperties.Alerts::activeTicketsPerStaff)
                .description("A staff member holding more active tickets than this is overloaded").register(meters);
    }

    @Scheduled(fixedDelayString = "${parley.conversation.alerts.gauge-refresh-interval:15s}", initialDelay = 2_000)
    void scheduledRefresh() {
        try {
            boolean wasQueueOver = pending.get() > alerts.pendingTickets();
            boolean wasOverloaded = overloaded.get() > 0;
            Snapshot snapshot = refresh();
            // log when a threshold is crossed, not on every refresh while it stays crossed
            boolean queueOver = snapshot.pending() > alerts.pendingTickets();
            if (queueOver != wasQueueOver) {
                log.warn("{} tickets are waiting (threshold {}): {}", snapshot.pending(), alerts.pendingTickets(),
                        queueOver ? "above" : "back below");
            }
            if ((snapshot.overloadedStaff() > 0) != wasOverloaded) {
                log.warn("{} staff members hold more than {} active tickets", snapshot.overloadedStaff(),
                        alerts.activeTicketsPerStaff());
            }
        } catch (RuntimeException e) {
            log.warn("Could not refresh ticket gauges: {}", e.toString());
        }
    }

    Snapshot refresh() {
        long waiting = mongo.count(Query.query(Criteria.where("kind").is(Conversation.SUPPORT)
                .and("status").is(Conversation.PENDING)), Conversation.class);
        Query assigned = Query.query(Criteria.where("kind").is(Conversation.SUPPORT)
                .and("status").is(Conversation.ASSIGNED));
        assigned.fields().include("assignedTo._id");
        Map<String, Long> perStaff = new HashMap<>();
        for (Document t : mongo.find(assigned, Document.class, Conversation.COLLECTION)) {
            Document assignee = t.get("assignedTo", Document.class);
            if (assignee != null) {
                perStaff.merge(assignee.getString("_id"), 1L, Long::sum); // a nested "id" is stored as "_id"
            }
        }
        long over = perStaff.values().stream().filter(n -> n > alerts.activeTicketsPerStaff()).count();
        long max = perStaff.values().stream().mapToLong(Long::longValue).max().orElse(0);
        pending.set(waiting);
        overloaded.set(over);
        maxActive.set(max);
        return new Snapshot(waiting, over, max);
    }
}
