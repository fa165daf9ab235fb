package com.parley.events.access;

import com.parley.events.Role;

/**
 * The side a message's sender (or a receipt's reader) is on in a conversation, as events and clients carry it
 * ({@code senderType}, {@code readerType}, {@code Actor.role}).
 */
public enum SenderType implements Wire.Valued {
    CUSTOMER("customer"), BUYER("buyer"), SELLER("seller"), STAFF("staff"), ADMIN("admin"), SYSTEM("system");

    private final String wire;

    SenderType(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    /** The sender type of a wire value (case and surrounding blanks ignored), or null when absent or unknown. */
    public static SenderType of(String wire) {
        return Wire.lookup(SenderType.class, wire);
    }

    /** Whether {@code wire} names this type (false for null or unknown values). */
    public boolean is(String wire) {
        return this == of(wire);
    }

    static SenderType of(Role role) {
        return switch (role) {
            case CUSTOMER -> CUSTOMER;
            case BUYER -> BUYER;
            case SELLER -> SELLER;
            case STAFF -> STAFF;
            case ADMIN -> ADMIN;
        };
    }
}
