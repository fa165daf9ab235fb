package com.parley.events;

/**
 * Who caused an event. {@code role} is the sender type a client shows
 * ({@code customer|staff|admin|buyer|seller|system}).
 */
public record Actor(String id, String role, String name) {

    public static final Actor SYSTEM = new Actor("system", "system", "Parley");

    public static Actor of(String id, String role, String name) {
        return new Actor(id, role, name);
    }
}
