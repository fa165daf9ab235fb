package com.parley.support.outbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param directPublish  hand a write's events to Kafka right after the write (off: only the sweep publishes)
 * @param sweepInterval  how often the sweep looks for events that the direct path did not get acknowledged
 * @param quietSweepInterval the longest pause between sweeps while they keep finding nothing (the interval doubles
 *                       from {@code sweepInterval} up to this, and is back to {@code sweepInterval} after a find)
 * @param orphanAfter    how old an entry must be before the sweep takes it over from the direct path: longer than
 *                       the producer's delivery timeout, so the sweep never publishes what a direct send may
 *                       still deliver
 * @param leaseFor       how long one instance keeps the right to sweep a collection without renewing it
 * @param batchSize      entries per sweep round, and removals per acknowledgement batch
 * @param publishTimeout how long the sweep waits for the broker before it backs off
 * @param maxBackoff     the longest pause after failures (the broker is down)
 */
@ConfigurationProperties("parley.outbox")
public record OutboxProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("true") boolean directPublish,
        @DefaultValue("2s") Duration sweepInterval,
        @DefaultValue("8s") Duration quietSweepInterval,
        @DefaultValue("15s") Duration orphanAfter,
        @DefaultValue("10s") Duration leaseFor,
        @DefaultValue("200") int batchSize,
        @DefaultValue("5s") Duration publishTimeout,
        @DefaultValue("5s") Duration maxBackoff) {
}
