package com.parley.gateway.devtoken;

import java.security.interfaces.RSAPrivateKey;

/** Lets tests sign tokens with the gateway's local key (wrong issuer, expired …) to check each validation. */
public final class LocalSigningKeysAccess {

    private LocalSigningKeysAccess() {
    }

    public static RSAPrivateKey privateKey(LocalSigningKeys keys) {
        return keys.privateKey();
    }
}
