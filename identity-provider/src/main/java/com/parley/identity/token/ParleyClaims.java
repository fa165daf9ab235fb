package com.parley.identity.token;

import java.util.List;

import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.stereotype.Component;

import com.parley.identity.account.DemoAccount;
import com.parley.identity.account.DemoAccounts;
import com.parley.identity.system.IdentityProperties;

/**
 * Makes access tokens look exactly like the tokens the services verify today (service-support
 * {@code security/}): {@code iss} {@code parley}, {@code aud} {@code parley-api}, {@code sub} the user id,
 * {@code name}, {@code roles}. The ID token keeps the provider's URL as issuer (OIDC requires it) and carries
 * the name and roles too, so the gateway knows who signed in without another call.
 */
@Component
class ParleyClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

    private final DemoAccounts accounts;
    private final IdentityProperties properties;

    ParleyClaims(DemoAccounts accounts, IdentityProperties properties) {
        this.accounts = accounts;
        this.properties = properties;
    }

    @Override
    public void customize(JwtEncodingContext context) {
        String username = context.getPrincipal().getName();
        DemoAccount account = accounts.find(username).orElse(null);
        String name = account != null ? account.name() : username;
        List<String> roles = account != null ? account.roles() : List.of();
        if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
            context.getClaims()
                    .issuer(properties.tokenIssuer())
                    .audience(List.of(properties.audience()))
                    .claim("name", name)
                    .claim("roles", roles);
        } else if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
            context.getClaims().claim("name", name).claim("roles", roles);
        }
    }
}
