package com.parley.conversation.system;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything this service lets an operator tune, with safe local defaults.
 *
 * @param sla         first-response deadline per priority
 * @param claim       claim rules
 * @param autoRelease return a claimed ticket to the queue when its assignee never replies (off by default)
 * @param queue       how a waiting customer's estimated wait is computed
 * @param alerts      thresholds exported as gauges so a Prometheus rule can compare against them
 * @param threads     buyer–seller threads
 */
@ConfigurationProperties("parley.conversation")
public record ConversationProperties(
        @DefaultValue Sla sla,
        @DefaultValue Claim claim,
        @DefaultValue AutoRelease autoRelease,
        @DefaultValue Queue queue,
        @DefaultValue Alerts alerts,
        @DefaultValue Threads threads) {

    public record Sla(
            @DefaultValue("5m") Duration urgent,
            @DefaultValue("15m") Duration high,
            @DefaultValue("1h") Duration medium,
            @DefaultValue("4h") Duration low) {

        /** The deadline for a priority token ({@code urgent|high|medium|low}). */
        public Duration firstResponse(String priority) {
            return switch (priority) {
                case "urgent" -> urgent;
                case "high" -> high;
                case "low" -> low;
                default -> medium;
            };
        }
    }

    /**
     * @param maxActivePerStaff  0 = unlimited; otherwise a claim or transfer beyond this many assigned tickets is
     *                           refused with {@code staff_at_capacity}
     * @param statsFlushInterval claim attempt/conflict counts are summed in memory and added to MongoDB this often
     */
    public record Claim(
            @DefaultValue("0") int maxActivePerStaff,
            @DefaultValue("10s") Duration statsFlushInterval) {
    }

    /**
     * @param enabled       off by default
     * @param after         a claimed ticket with no first staff reply for this long goes back to pending
     * @param sweepInterval how often each instance looks for such tickets
     */
    public record AutoRelease(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("10m") Duration after,
            @DefaultValue("30s") Duration sweepInterval) {
    }

    /**
     * @param defaultSecondsPerTicket used until enough recent claims exist to measure the queue's pace
     * @param sampleSize              how many recent claims the pace is measured over
     */
    public record Queue(
            @DefaultValue("60") int defaultSecondsPerTicket,
            @DefaultValue("50") int sampleSize,
            @DefaultValue("1h") Duration sampleWindow) {
    }

    /**
     * @param pendingTickets       alert when more tickets than this wait
     * @param activeTicketsPerStaff a staff member holding more than this is overloaded
     * @param gaugeRefreshInterval how often the pending/overload gauges are recounted
     */
    public record Alerts(
            @DefaultValue("10") int pendingTickets,
            @DefaultValue("10") int activeTicketsPerStaff,
            @DefaultValue("15s") Duration gaugeRefreshInterval) {
    }

    /**
     * There is no user directory here: a seller is known from this list (id → display name) when
     * {@code requireKnownSeller} is on; otherwise any well-formed id other than the buyer's own is accepted, and the
     * list only supplies display names.
     *
     * @param answerWithin a buyer message counts as answered in time when the seller replies within this long
     */
    public record Threads(
            java.util.Map<String, String> sellers,
            @DefaultValue("false") boolean requireKnownSeller,
            @DefaultValue("24h") Duration answerWithin) {

        public Threads {
            sellers = sellers == null ? java.util.Map.of() : java.util.Map.copyOf(sellers);
        }

        public boolean isSeller(String id) {
            return !requireKnownSeller || sellers.containsKey(id);
        }
    }
}
