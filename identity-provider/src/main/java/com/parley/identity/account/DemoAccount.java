package com.parley.identity.account;

import java.util.List;

/**
 * A person who can sign in to the local stack. {@code username} is also the Parley user id (the token's
 * {@code sub}), so the ids match the demo identities the web apps and e2e tests already use.
 */
public record DemoAccount(String username, String password, String name, List<String> roles, boolean locked) {

    public DemoAccount {
        roles = List.copyOf(roles);
    }
}
