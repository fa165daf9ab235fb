package com.parley.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;
import org.springframework.session.ReactiveSessionRepository;
import org.springframework.session.Session;

import reactor.core.Disposable;

import com.parley.testsupport.TestHttp;

/**
 * People signing in to the web apps through the gateway (OIDC authorization code + PKCE at a provider), the
 * session in the shared Redis, and what the session is good for: API calls relayed with the access token,
 * CSRF-protected changes, the WebSocket, signing out here, everywhere, or by an admin.
 */
class SessionSignInTests extends GatewayIntegrationTest {

    static final FakeIdentityProvider PROVIDER = FakeIdentityProvider.INSTANCE;

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Autowired
    ReactiveRedisConnectionFactory redisConnections;

    @Autowired
    ReactiveSessionRepository<? extends Session> sessions;

    @Test
    void signInUsesPkceAndReturnsToTheAppsRouteWithAHardenedCookie() {
        SignInBrowser browser = new SignInBrowser(port);
        int exchanges = PROVIDER.pkceExchanges.get();

        String landed = browser.signIn("staff-binh", "/dashboard/index.html#/c/42");

        assertThat(landed).isEqualTo("/dashboard/index.html#/c/42");
        assertThat(PROVIDER.pkceExchanges.get()).isEqualTo(exchanges + 1);
        String cookie = browser.setCookieLines.get("PARLEY_SESSION");
        assertThat(cookie).containsIgnoringCase("HttpOnly").contains("SameSite=Lax").contains("Path=/")
                .doesNotContain("Secure"); // plain http here; the gateway adds Secure when served over HTTPS
        TestHttp.Response me = browser.api("GET", "/api/me");
        assertThat(me.status()).as(me.toString()).isEqualTo(200);
        assertThat(me.json().path("id").asString()).isEqualTo("staff-binh");
        assertThat(me.json().path("name").asString()).isEqualTo("Trần Thị Bình");
        assertThat(me.json().path("roles").toString()).contains("STAFF");
        assertThat(me.json().path("signedInWith").asString()).isEqualTo("session");
        assertThat(me.body()).doesNotContain("at-staff-binh"); // the access token never reaches the browser
    }

    @Test
    void aSessionCallReachesTheServiceWithTheAccessTokenAndWithoutCookies() {
        SignInBrowser browser = new SignInBrowser(port);
        browser.signIn("staff-chau", "/dashboard/");

        TestHttp.Response relayed = browser.api("GET", "/api/conversations/c1/messages");

        assertThat(relayed.status()).as(relayed.toString()).isEqualTo(200);
        assertThat(relayed.json().path("authorization").asString()).startsWith("Bearer at-staff-chau-");
        assertThat(relayed.json().path("cookie").isNull() || relayed.json().path("cookie").isMissingNode()).isTrue();
    }

    @Test
    void withoutASessionTheApiSays401SoTheAppCanSendThePersonToSignIn() {
        TestHttp.Response me = new SignInBrowser(port).api("GET", "/api/me");

        assertThat(me.status()).isEqualTo(401);
        assertThat(me.code()).isEqualTo("unauthenticated");
    }

    @Test
    void anAccessTokenAboutToExpireIsRefreshedBeforeItIsRelayed() {
        PROVIDER.firstTokenLives("seller-techzone", 30); // within the 60 s the gateway refreshes ahead
        SignInBrowser browser = new SignInBrowser(port);
        browser.signIn("seller-techzone", "/seller/");
        int before = PROVIDER.refreshes.get();

        String first = browser.api("GET", "/api/chat/threads").json().path("authorization").asString();
        String second = browser.api("GET", "/api/chat/threads").json().path("authorization").asString();

        assertThat(PROVIDER.refreshes.get()).isEqualTo(before + 1);
        assertThat(first).isEqualTo(second).startsWith("Bearer at-seller-techzone-");
    }

    @Test
    void whenTheProviderNoLongerRenewsTheTokenTheSessionEnds() {
        PROVIDER.firstTokenLives("staff-chau", 5);
        SignInBrowser browser = new SignInBrowser(port);
        browser.signIn("staff-chau", "/dashboard/");
        PROVIDER.revokeRefreshTokensOf("staff-chau");
        try {
            TestHttp.Response call = browser.api("GET", "/api/conversations/c1");

            assertThat(call.status()).as(call.toString()).isEqualTo(401);
            assertThat(call.code()).isEqualTo("session_expired");
            assertThat(browser.api("GET", "/api/me").status()).isEqualTo(401);
        } finally {
            PROVIDER.firstTokenLives("staff-chau", 3600);
            PROVIDER.allowRefreshTokensOf("staff-chau");
        }
    }

    @Test
    void aCrossSitePostWithoutTheCsrfTokenIsRefused() {
        SignInBrowser browser = new SignInBrowser(port);
        browser.signIn("staff-binh", "/dashboard/");
        browser.api("GET", "/api/me"); // the app's first call: the gateway sets XSRF-TOKEN
        assertThat(browser.cookies).containsKey("XSRF-TOKEN");
        assertThat(browser.setCookieLines.get("XSRF-TOKEN")).doesNotContainIgnoringCase("HttpOnly"); // the app must read it

        TestHttp.Response forged = browser.api("POST", "/api/conversations/c1/messages", "{\"content\":\"hi\"}",
                Map.of("Origin", "https://evil.example"));
        TestHttp.Response noToken = browser.api("POST", "/api/conversations/c1/messages", "{\"content\":\"hi\"}",
                Map.of());
        TestHttp.Response wrongToken = browser.api("POST", "/api/conversations/c1/messages", "{\"content\":\"hi\"}",
                Map.of("X-XSRF-TOKEN", "guessed"));
        TestHttp.Response fromTheApp = browser.apiWithCsrf("POST", "/api/conversations/c1/messages",
                "{\"content\":\"hi\"}");

        assertThat(forged.status()).isEqualTo(403); // a foreign Origin is refused already (CORS)
        assertThat(noToken.status()).isEqualTo(403);
        assertThat(noToken.code()).isEqualTo("csrf_token_invalid");
        assertThat(wrongToken.status()).isEqualTo(403);
        assertThat(wrongToken.code()).isEqualTo("csrf_token_invalid");
        assertThat(fromTheApp.status()).as(fromTheApp.toString()).isEqualTo(200);
        assertThat(fromTheApp.json().path("method").asString()).isEqualTo("POST");
    }

    @Test
    void aFormEncodedBodyStillReachesTheServiceWhole() {
        SignInBrowser browser = new SignInBrowser(port);
        browser.signIn("staff-binh", "/dashboard/");
        browser.api("GET", "/api/me");
        String form = "to=staff-chau&note=" + "x".repeat(200);

        TestHttp.Response call = browser.api("POST", "/api/conversations/c1/transfer", null, Map.of(
                "Content-Type", "application/x-www-form-urlencoded",
                "X-XSRF-TOKEN", browser.cookies.get("XSRF-TOKEN")), form);

        assertThat(call.status()).as(call.toString()).isEqualTo(200);
        assertThat(call.json().path("bodyLength").asInt()).isEqualTo(form.length());
    }

    @Test
    void bearerTokenCallsNeedNoCsrfTokenEvenWithASessionCookieAround() {
        SignInBrowser browser = new SignInBrowser(port);
        browser.signIn("staff-binh", "/dashboard/");
        String token = devToken("c-" + System.nanoTime(), "CUSTOMER");

        TestHttp.Response call = browser.api("POST", "/api/conversations", "{\"content\":\"hi\"}",
                Map.of("Authorization", "Bearer " + token));

        assertThat(call.status()).as(call.toString()).isEqualTo(200);
        assertThat(call.json().path("authorization").asString()).isEqualTo("Bearer " + token);
    }

    @Test
    void theWebSocketHandshakeIsAuthenticatedByTheSessionFromThisSiteOnly() {
        SignInBrowser browser = new SignInBrowser(port);
        browser.signIn("staff-binh", "/dashboard/");
        String cookie = "PARLEY_SESSION=" + browser.cookies.get("PARLEY_SESSION");
        String ws = "ws://127.0.0.1:" + port + "/ws";

        WebSockets.Outcome own = WebSockets.open(ws, Map.of("Cookie", cookie, "Origin", "http://127.0.0.1:" + port));
        WebSockets.Outcome foreign = WebSockets.open(ws, Map.of("Cookie", cookie, "Origin", "https://evil.example"));
        WebSockets.Outcome anonymous = WebSockets.open(ws, Map.of("Origin", "http://127.0.0.1:" + port));

        assertThat(own.opened()).isTrue();
        assertThat(own.firstFrame()).contains("Bearer at-staff-binh-");
        assertThat(foreign.refusedWithStatus()).isEqualTo(403);
        assertThat(anonymous.refusedWithStatus()).isEqualTo(401);
    }

    @Test
    void signingOutEndsThisSessionAtTheGatewayAndAtTheProviderOnly() {
        SignInBrowser laptop = new SignInBrowser(port);
        SignInBrowser phone = new SignInBrowser(port);
        laptop.signIn("staff-chau", "/dashboard/");
        phone.signIn("staff-chau", "/dashboard/");
        laptop.api("GET", "/api/me");

        TestHttp.Response out = laptop.apiWithCsrf("POST", "/auth/sign-out", null);

        assertThat(out.status()).as(out.toString()).isEqualTo(200);
        assertThat(out.json().path("location").asString()).startsWith(PROVIDER.issuer() + "/logout")
                .contains("id_token_hint=");
        assertThat(laptop.api("GET", "/api/me").status()).isEqualTo(401);
        assertThat(phone.api("GET", "/api/me").status()).isEqualTo(200);
    }

    @Test
    void signingOutEverywhereEndsEverySessionAndAnnouncesIt() throws Exception {
        SignInBrowser laptop = new SignInBrowser(port);
        SignInBrowser phone = new SignInBrowser(port);
        laptop.signIn("admin-dung", "/dashboard/");
        phone.signIn("admin-dung", "/dashboard/");
        laptop.api("GET", "/api/me");
        BlockingQueue<String> announced = new LinkedBlockingQueue<>();
        Disposable listening = listen(announced);
        try {
            TestHttp.Response out = laptop.apiWithCsrf("DELETE", "/api/me/sessions", null);

            assertThat(out.status()).as(out.toString()).isEqualTo(200);
            assertThat(out.json().path("endedSessions").asInt()).isGreaterThanOrEqualTo(2);
            assertThat(announced.poll(10, TimeUnit.SECONDS)).isEqualTo("admin-dung");
            assertThat(laptop.api("GET", "/api/me").status()).isEqualTo(401);
            assertThat(phone.api("GET", "/api/me").status()).isEqualTo(401);
        } finally {
            listening.dispose();
        }
    }

    @Test
    void anAdminEndsAStaffMembersSessionsAndOnlyAnAdminMay() throws Exception {
        SignInBrowser staff = new SignInBrowser(port);
        staff.signIn("staff-binh", "/dashboard/");
        SignInBrowser otherStaff = new SignInBrowser(port);
        otherStaff.signIn("staff-chau", "/dashboard/");
        otherStaff.api("GET", "/api/me");
        SignInBrowser admin = new SignInBrowser(port);
        admin.signIn("admin-dung", "/dashboard/");
        admin.api("GET", "/api/me");
        BlockingQueue<String> announced = new LinkedBlockingQueue<>();
        Disposable listening = listen(announced);
        try {
            TestHttp.Response refused = otherStaff.apiWithCsrf("DELETE", "/api/admin/users/staff-binh/sessions", null);
            TestHttp.Response badId = admin.apiWithCsrf("DELETE", "/api/admin/users/$where/sessions", null);
            TestHttp.Response ended = admin.apiWithCsrf("DELETE", "/api/admin/users/staff-binh/sessions", null);

            assertThat(refused.status()).isEqualTo(403);
            assertThat(badId.status()).isEqualTo(400);
            assertThat(badId.code()).isEqualTo("validation_failed");
            assertThat(ended.status()).as(ended.toString()).isEqualTo(200);
            assertThat(ended.json().path("endedSessions").asInt()).isGreaterThanOrEqualTo(1);
            assertThat(announced.poll(10, TimeUnit.SECONDS)).isEqualTo("staff-binh");
            assertThat(staff.api("GET", "/api/me").status()).isEqualTo(401);
            assertThat(admin.api("GET", "/api/me").status()).isEqualTo(200);
        } finally {
            listening.dispose();
        }
    }

    @Test
    void anAdminFindsAStaffMemberByNameAndSeesTheirSessionsBeforeEndingThem() {
        SignInBrowser phone = new SignInBrowser(port);
        phone.signIn("staff-chau", "/dashboard/");
        SignInBrowser laptop = new SignInBrowser(port);
        laptop.signIn("staff-chau", "/dashboard/");
        laptop.api("GET", "/api/me");
        SignInBrowser admin = new SignInBrowser(port);
        admin.signIn("admin-dung", "/dashboard/");
        admin.api("GET", "/api/me"); // sets the CSRF cookie the DELETE needs
        SignInBrowser staff = new SignInBrowser(port);
        staff.signIn("staff-binh", "/dashboard/");

        // without diacritics, as people type on a phone: "chau" finds "Lê Minh Châu"
        TestHttp.Response found = admin.api("GET", "/api/admin/users?q=chau");
        TestHttp.Response listed = admin.api("GET", "/api/admin/users/staff-chau/sessions");
        TestHttp.Response refused = staff.api("GET", "/api/admin/users?q=chau");

        assertThat(found.status()).as(found.toString()).isEqualTo(200);
        var person = found.json().path("items").get(0);
        assertThat(person.path("userId").asString()).isEqualTo("staff-chau");
        assertThat(person.path("name").asString()).isEqualTo("Lê Minh Châu");
        assertThat(person.path("roles").toString()).contains("STAFF");
        assertThat(person.path("activeSessions").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(person.path("lastSeen").isNull()).isFalse();
        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
        assertThat(listed.json().path("sessions").size()).isGreaterThanOrEqualTo(2);
        assertThat(listed.json().path("sessions").get(0).path("lastSeen").isMissingNode()).isFalse();
        assertThat(listed.body()).doesNotContain(laptop.cookies.get("PARLEY_SESSION")); // ids are the cookie's value
        assertThat(refused.status()).isEqualTo(403);

        TestHttp.Response ended = admin.apiWithCsrf("DELETE", "/api/admin/users/staff-chau/sessions", null);
        TestHttp.Response after = admin.api("GET", "/api/admin/users/staff-chau/sessions");

        assertThat(ended.json().path("endedSessions").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(after.json().path("activeSessions").asInt()).isZero();
        assertThat(phone.api("GET", "/api/me").status()).isEqualTo(401);
        assertThat(laptop.api("GET", "/api/me").status()).isEqualTo(401);
    }

    @Test
    void sessionsExpireAfterTheConfiguredIdleTime() {
        SignInBrowser browser = new SignInBrowser(port);
        browser.signIn("staff-binh", "/dashboard/");
        String id = browser.cookies.get("PARLEY_SESSION");

        Session session = sessions.findById(id).block(Duration.ofSeconds(5));

        assertThat(session).isNotNull();
        assertThat(session.getMaxInactiveInterval()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void aProviderThatIsDownGivesTheAppACodeToExplainNotAnErrorPage() {
        PROVIDER.down(true);
        try {
            String landed = new SignInBrowser(port).signIn("staff-binh", "/seller/index.html#/t/9");

            assertThat(landed).isEqualTo("/seller/index.html?signin_error=provider_unavailable#/t/9");
        } finally {
            PROVIDER.down(false);
        }
    }

    @Test
    void aReturnPathToAnotherSiteIsIgnored() {
        String landed = new SignInBrowser(port).signIn("staff-binh", "//evil.example/x");

        assertThat(landed).isEqualTo("/");
    }

    /** Subscribes to the revocation channel and returns once Redis confirmed the subscription. */
    private Disposable listen(BlockingQueue<String> into) {
        ReactiveRedisMessageListenerContainer container = new ReactiveRedisMessageListenerContainer(redisConnections);
        Disposable messages = container.receiveLater(ChannelTopic.of("parley:sessions:revoked"))
                .block(Duration.ofSeconds(10))
                .subscribe(message -> into.add(message.getMessage()));
        return () -> {
            messages.dispose();
            container.destroy();
        };
    }
}
