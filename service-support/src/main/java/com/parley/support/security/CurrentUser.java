package com.parley.support.security;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.springframework.security.oauth2.jwt.Jwt;

import com.parley.events.Actor;
import com.parley.events.Role;
import com.parley.events.access.Caller;
import com.parley.events.UserRef;

/**
 * The authenticated caller as services see it, taken from the JWT: {@code sub}, {@code name}, {@code roles}.
 * Controllers take it as a method argument.
 */
public record CurrentUser(String id, String name, Set<Role> roles) {

    public static CurrentUser from(Jwt jwt) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Object claim = jwt.getClaims().get("roles");
        if (claim instanceof Collection<?> values) {
            for (Object value : values) {
                parse(String.valueOf(value), roles);
            }
        } else if (claim instanceof String value) {
            for (String part : value.split("[ ,]")) {
                parse(part, roles);
            }
        }
        String name = jwt.getClaimAsString("name");
        return new CurrentUser(jwt.getSubject(), name == null || name.isBlank() ? jwt.getSubject() : name, roles);
    }

    private static void parse(String value, Set<Role> into) {
        for (Role role : Role.values()) {
            if (role.name().equalsIgnoreCase(value.strip())) {
                into.add(role);
            }
        }
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public boolean isAdmin() {
        return asCaller().isAdmin();
    }

    /** Staff or admin: may work the support queue (the shared policy's definition). */
    public boolean isSupportAgent() {
        return asCaller().isSupportAgent();
    }

    /** The caller as the shared access policy sees it. */
    public Caller asCaller() {
        return new Caller(id, roles);
    }

    /** The role this user acts in for events and sender types, most privileged first. */
    public Role primaryRole() {
        for (Role role : List.of(Role.ADMIN, Role.STAFF, Role.SELLER, Role.BUYER, Role.CUSTOMER)) {
            if (has(role)) {
                return role;
            }
        }
        return Role.CUSTOMER;
    }

    public Actor asActor() {
        return Actor.of(id, primaryRole().senderType(), name);
    }

    public UserRef asRef() {
        return UserRef.of(id, name);
    }
}
