package com.parley.events.access;

/** What a conversation is: a support ticket or a buyer–seller thread. Events carry the wire value. */
public enum ConversationKind implements Wire.Valued {
    SUPPORT("support"), BUYER_SELLER("buyer_seller");

    private final String wire;

    ConversationKind(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    /** The kind of a wire value (case and surrounding blanks ignored), or null when absent or unknown. */
    public static ConversationKind of(String wire) {
        return Wire.lookup(ConversationKind.class, wire);
    }
}
