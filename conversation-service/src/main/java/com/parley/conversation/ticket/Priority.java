package com.parley.conversation.ticket;

import java.util.Locale;

/** Ticket priority; the pending queue serves lower ranks first. */
public enum Priority {
    URGENT(0), HIGH(1), MEDIUM(2), LOW(3);

    public static final String PATTERN = "(?i)low|medium|high|urgent";

    private final int rank;

    Priority(int rank) {
        this.rank = rank;
    }

    public int rank() {
        return rank;
    }

    public String token() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Priority parse(String value) {
        return value == null || value.isBlank() ? MEDIUM : valueOf(value.strip().toUpperCase(Locale.ROOT));
    }
}
