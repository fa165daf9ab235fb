package com.parley.conversation.system;

/** The MongoDB collections this service owns. */
public final class Collections {

    /** Support tickets and buyer–seller threads, each with its activity log and outbox. */
    public static final String CONVERSATIONS = "conversations";

    /** Hourly claim attempt/conflict totals. */
    public static final String CLAIM_STATS = "claim_stats";

    /** The ticket-number counter document. */
    public static final String COUNTERS = "counters";

    private Collections() {
    }
}
