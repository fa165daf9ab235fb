package com.parley.gateway.signin;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import com.parley.events.Role;

/** Who is calling, however they signed in: a session (the web apps) or a bearer token (API clients). */
record SessionUser(String id, String name, List<String> roles, String signedInWith) {

    private static final Set<String> KNOWN_ROLES = Arrays.stream(Role.values()).map(Role::name)
            .collect(Collectors.toUnmodifiableSet());

    static SessionUser of(Authentication authentication) {
        List<String> roles = authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith("ROLE_")).map(a -> a.substring(5)).toList();
        if (authentication instanceof OAuth2AuthenticationToken session
                && session.getPrincipal() instanceof OidcUser user) {
            String name = user.getClaimAsString("name");
            return new SessionUser(user.getName(), name != null ? name : user.getName(), roles, "session");
        }
        if (authentication instanceof JwtAuthenticationToken bearer) {
            String name = bearer.getToken().getClaimAsString("name");
            return new SessionUser(bearer.getName(), name != null ? name : bearer.getName(), roles, "bearer");
        }
        return new SessionUser(authentication.getName(), authentication.getName(), roles, "other");
    }

    /** {@code roles: ["STAFF"]} in the ID token → authority {@code ROLE_STAFF}, as for bearer tokens. */
    static Collection<GrantedAuthority> authorities(List<String> roles) {
        if (roles == null) {
            return List.of();
        }
        return roles.stream().filter(KNOWN_ROLES::contains)
                .<GrantedAuthority>map(role -> new SimpleGrantedAuthority("ROLE_" + role)).toList();
    }
}
