package com.parley.events;

import java.util.Locale;

/** The roles a Parley token can carry; the same vocabulary in the gateway, the services and events. */
public enum Role {
    CUSTOMER, BUYER, SELLER, STAFF, ADMIN;

    /** The sender type clients show and events carry ({@code customer}, {@code staff} …). */
    public String senderType() {
        return name().toLowerCase(Locale.ROOT);
    }
}
