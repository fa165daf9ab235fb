package com.parley.events.access;

import java.util.EnumSet;
import java.util.Set;

import com.parley.events.Role;

/** Who asks: the token's subject and roles. Services build it from their own current-user type. */
public record Caller(String id, Set<Role> roles) {

    public Caller {
        roles = roles == null || roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    }

    public static Caller of(String id, Role... roles) {
        return new Caller(id, Set.of(roles));
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public boolean isAdmin() {
        return has(Role.ADMIN);
    }

    /** Staff or admin: works the support queue. */
    public boolean isSupportAgent() {
        return has(Role.STAFF) || has(Role.ADMIN);
    }
}
