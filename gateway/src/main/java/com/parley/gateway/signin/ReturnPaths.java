package com.parley.gateway.signin;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Where a person goes back to after signing in: only a path on this gateway (no scheme, no host, no
 * protocol-relative {@code //}), so a crafted sign-in link cannot send them to another site. The app's own
 * route (the part after {@code #}) is kept.
 */
final class ReturnPaths {

    private static final Pattern SAFE = Pattern.compile("/(?![/\\\\])[\\x21-\\x7e]{0,2000}");

    private ReturnPaths() {
    }

    static String safe(String requested) {
        return requested != null && SAFE.matcher(requested).matches() && !requested.contains("\\") ? requested : "/";
    }

    /** {@code path} with {@code signin_error=<code>} added to its query, before any {@code #route}. */
    static String withError(String path, String code) {
        int hash = path.indexOf('#');
        String base = hash < 0 ? path : path.substring(0, hash);
        String fragment = hash < 0 ? "" : path.substring(hash);
        return base + (base.contains("?") ? "&" : "?") + "signin_error=" + URLEncoder.encode(code, StandardCharsets.UTF_8)
                + fragment;
    }
}
