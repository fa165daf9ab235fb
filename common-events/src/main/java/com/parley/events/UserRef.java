package com.parley.events;

/** A user as events show them: id plus a cached display name (and avatar where there is one). */
public record UserRef(String id, String name, String avatarUrl) {

    public static UserRef of(String id, String name) {
        return new UserRef(id, name, null);
    }
}
