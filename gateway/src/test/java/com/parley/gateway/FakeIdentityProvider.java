package com.parley.gateway;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * An OpenID Connect provider small enough to see through, for the gateway's sign-in tests: discovery, an
 * authorize endpoint that signs in whoever the test chose (no page), a token endpoint that checks PKCE and
 * refreshes, userinfo, JWKS and an end-session endpoint. One per test JVM. The real provider (module
 * identity-provider) is tested on its own and in the browser suite.
 */
final class FakeIdentityProvider {

    record Person(String name, List<String> roles) {
    }

    static final Map<String, Person> PEOPLE = Map.of(
            "staff-binh", new Person("Trần Thị Bình", List.of("STAFF")),
            "staff-chau", new Person("Lê Minh Châu", List.of("STAFF")),
            "admin-dung", new Person("Phạm Quốc Dũng", List.of("STAFF", "ADMIN")),
            "seller-techzone", new Person("TechZone Official", List.of("SELLER")));

    static final FakeIdentityProvider INSTANCE = new FakeIdentityProvider();

    private record Grant(String user, String nonce, String challenge, String method) {
    }

    private final RSAKey key;
    private final DisposableServer server;
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final Map<String, String> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();
    private final Set<String> revokedUsers = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> firstTokenTtl = new ConcurrentHashMap<>();
    final AtomicInteger refreshes = new AtomicInteger();
    final AtomicInteger pkceExchanges = new AtomicInteger();
    private final AtomicInteger serial = new AtomicInteger();
    private volatile boolean down;
    /** The user the next authorize request signs in (a test sets it before starting a sign-in). */
    volatile String nextUser = "staff-binh";

    private FakeIdentityProvider() {
        try {
            key = new RSAKeyGenerator(2048).keyID("fake-idp").keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                    .generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        server = HttpServer.create().host("127.0.0.1").port(0).route(routes -> routes
                .get("/.well-known/openid-configuration", (in, out) -> guarded(out, () -> json(out, discovery())))
                .get("/authorize", (in, out) -> guarded(out, () -> authorize(in, out)))
                .post("/token", (in, out) -> guarded(out, () -> in.receive().aggregate().asString()
                        .flatMap(body -> token(form(body), out).then())))
                .get("/userinfo", (in, out) -> guarded(out, () -> userinfo(in, out)))
                .get("/jwks", (in, out) -> json(out, new JWKSet(key.toPublicJWK()).toJSONObject(true)))
                .get("/logout", (in, out) -> out.sendString(Mono.just("signed out")).then()))
                .bindNow();
    }

    String issuer() {
        return "http://127.0.0.1:" + server.port();
    }

    void down(boolean down) {
        this.down = down;
    }

    /** The person's first access token expires in {@code seconds} (refreshed ones live an hour). */
    void firstTokenLives(String user, int seconds) {
        firstTokenTtl.put(user, seconds);
    }

    /** The provider no longer refreshes this person's tokens (as after an administrator disabled them). */
    void revokeRefreshTokensOf(String user) {
        revokedUsers.add(user);
    }

    void allowRefreshTokensOf(String user) {
        revokedUsers.remove(user);
    }

    private Mono<Void> guarded(HttpServerResponse out, java.util.function.Supplier<Mono<Void>> handler) {
        return down ? out.status(503).send().then() : handler.get();
    }

    private Map<String, Object> discovery() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("issuer", issuer());
        d.put("authorization_endpoint", issuer() + "/authorize");
        d.put("token_endpoint", issuer() + "/token");
        d.put("userinfo_endpoint", issuer() + "/userinfo");
        d.put("jwks_uri", issuer() + "/jwks");
        d.put("end_session_endpoint", issuer() + "/logout");
        d.put("response_types_supported", List.of("code"));
        d.put("subject_types_supported", List.of("public"));
        d.put("id_token_signing_alg_values_supported", List.of("RS256"));
        d.put("scopes_supported", List.of("openid", "profile"));
        d.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic"));
        d.put("grant_types_supported", List.of("authorization_code", "refresh_token"));
        d.put("code_challenge_methods_supported", List.of("S256"));
        return d;
    }

    private Mono<Void> authorize(HttpServerRequest in, HttpServerResponse out) {
        Map<String, String> q = form(in.uri().contains("?") ? in.uri().substring(in.uri().indexOf('?') + 1) : "");
        String code = UUID.randomUUID().toString();
        codes.put(code, new Grant(nextUser, q.get("nonce"), q.get("code_challenge"), q.get("code_challenge_method")));
        String location = q.get("redirect_uri") + "?code=" + code + "&state="
                + java.net.URLEncoder.encode(q.get("state"), StandardCharsets.UTF_8);
        return out.status(302).header("Location", location).send().then();
    }

    private Mono<Void> token(Map<String, String> form, HttpServerResponse out) {
        if ("refresh_token".equals(form.get("grant_type"))) {
            String user = refreshTokens.get(form.get("refresh_token"));
            if (user == null || revokedUsers.contains(user)) {
                return out.status(400).header("Content-Type", "application/json")
                        .sendString(Mono.just("{\"error\":\"invalid_grant\"}")).then();
            }
            refreshes.incrementAndGet();
            return json(out, Map.of("access_token", accessToken(user), "token_type", "Bearer", "expires_in", 3600,
                    "refresh_token", form.get("refresh_token")));
        }
        Grant grant = codes.remove(form.getOrDefault("code", ""));
        if (grant == null || !"S256".equals(grant.method()) || !grant.challenge().equals(s256(form.get("code_verifier")))) {
            return out.status(400).header("Content-Type", "application/json")
                    .sendString(Mono.just("{\"error\":\"invalid_grant\"}")).then();
        }
        pkceExchanges.incrementAndGet();
        String refresh = "rt-" + UUID.randomUUID();
        refreshTokens.put(refresh, grant.user());
        return json(out, Map.of("access_token", accessToken(grant.user()), "token_type", "Bearer",
                "expires_in", firstTokenTtl.getOrDefault(grant.user(), 3600), "refresh_token", refresh,
                "id_token", idToken(grant), "scope", "openid profile"));
    }

    private String accessToken(String user) {
        String token = "at-" + user + "-" + serial.incrementAndGet();
        accessTokens.put(token, user);
        return token;
    }

    private Mono<Void> userinfo(HttpServerRequest in, HttpServerResponse out) {
        String auth = in.requestHeaders().get("Authorization");
        String user = auth == null ? null : accessTokens.get(auth.replaceFirst("^Bearer ", ""));
        if (user == null) {
            return out.status(401).send().then();
        }
        return json(out, Map.of("sub", user, "name", PEOPLE.get(user).name()));
    }

    private String idToken(Grant grant) {
        Person person = PEOPLE.get(grant.user());
        long now = System.currentTimeMillis();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer()).subject(grant.user())
                .audience("parley-gateway").issueTime(new Date(now)).expirationTime(new Date(now + 3_600_000))
                .claim("name", person.name()).claim("roles", person.roles());
        if (grant.nonce() != null) {
            claims.claim("nonce", grant.nonce());
        }
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                    claims.build());
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Mono<Void> json(HttpServerResponse out, Map<String, ?> body) {
        return out.header("Content-Type", "application/json")
                .sendString(Mono.just(tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(body)))
                .then();
    }

    private static Map<String, String> form(String body) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                map.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return map;
    }
}
