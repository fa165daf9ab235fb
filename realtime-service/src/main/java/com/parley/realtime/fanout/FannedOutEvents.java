package com.parley.realtime.fanout;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The ids of the events this node fanned out lately. Kafka delivers at least once: an outbox relay that publishes
 * an entry again (it could not mark it sent), or this node's consumer reading from its last committed offset after
 * a pause longer than its session (a frozen node), hands the node an event it already delivered. Messages are
 * de-duplicated per socket by seq; claims, updates and receipts have no seq, so the node skips the event itself.
 * Bounded: far more events than a redelivery can reach back.
 */
final class FannedOutEvents {

    static final int CAPACITY = 50_000;

    private final Map<UUID, Boolean> recent = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
            return size() > CAPACITY;
        }
    };

    synchronized boolean contains(UUID eventId) {
        return recent.containsKey(eventId);
    }

    synchronized void add(UUID eventId) {
        recent.put(eventId, Boolean.TRUE);
    }
}
