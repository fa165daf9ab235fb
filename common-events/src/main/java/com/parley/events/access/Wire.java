package com.parley.events.access;

import java.util.Locale;

/** Lenient wire-value lookup shared by the access enums: trimmed, case-insensitive, null when unknown. */
final class Wire {

    private Wire() {
    }

    interface Valued {
        String wire();
    }

    static <E extends Enum<E> & Valued> E lookup(Class<E> type, String value) {
        if (value == null) {
            return null;
        }
        String wanted = value.strip().toLowerCase(Locale.ROOT);
        for (E candidate : type.getEnumConstants()) {
            if (candidate.wire().equals(wanted)) {
                return candidate;
            }
        }
        return null;
    }
}
