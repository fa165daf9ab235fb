package com.parley.conversation.ticket;

import java.util.function.LongSupplier;

/**
 * How many active tickets a staff member may hold ({@code claim.max-active-per-staff}, 0 = no limit) and how
 * many they hold now. The count is asked for only when a limit applies, so a claim without one costs no query.
 */
public record Capacity(int max, LongSupplier held) {

    public static Capacity unlimited() {
        return new Capacity(0, () -> 0);
    }

    public boolean limited() {
        return max > 0;
    }
}
