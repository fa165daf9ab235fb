package com.parley.conversation.system;

/** The MongoDB collections this service owns. */
public final class Collections {

    /** Support tickets and buyer–seller threads, each with its activity log and outbox. */
    public static final String CONVERSATIONS = "conversations";

    /** Hourly claim attempt/conflict totals. */
    public static final String CLAIM_STATS = "claim_stats";

    /** The ticket-number counter document. */
    public static final String COUNTERS = "counters";

    /** One document per buyer message in a thread: when it was asked, when the seller answered it. */
    public static final String RESPONSE_SAMPLES = "response_samples";

    private Collections() {
    }
}
