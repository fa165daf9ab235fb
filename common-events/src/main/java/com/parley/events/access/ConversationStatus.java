package com.parley.events.access;

/** A conversation's status: tickets go pending → assigned → resolved → closed; threads are open (or closed). */
public enum ConversationStatus implements Wire.Valued {
    PENDING("pending"), ASSIGNED("assigned"), RESOLVED("resolved"), CLOSED("closed"), OPEN("open");

    private final String wire;

    ConversationStatus(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    /** The status of a wire value (case and surrounding blanks ignored), or null when absent or unknown. */
    public static ConversationStatus of(String wire) {
        return Wire.lookup(ConversationStatus.class, wire);
    }
}
