package com.parley.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.parley.events.Role;
import com.parley.notification.pending.PendingNotification;
import com.parley.notification.pending.PendingNotifications;
import com.parley.testsupport.TestHttp;
import com.parley.testsupport.TestTokens;

import tools.jackson.databind.JsonNode;

/** Preferences choose the channels, the address and quiet hours; the admin log shows what happened. */
class PreferencesIntegrationTests extends NotificationIntegrationTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    PendingNotifications pending;

    @Test
    void aUserWithoutPreferencesGetsEverythingAtTheDefaultAddress() {
        String user = unique("u");
        JsonNode prefs = http().as(TestTokens.customer(user)).get("/api/notifications/preferences").json();
        assertThat(prefs.path("email").asString()).isEqualTo(user + "@parley.local");
        assertThat(prefs.path("emailSource").asString()).isEqualTo("default");
        assertThat(prefs.path("channels").path("email").asBoolean()).isTrue();
        assertThat(prefs.path("channels").path("push").asBoolean()).isTrue();
        assertThat(prefs.path("quietHours").isNull()).isTrue();
    }

    @Test
    void mailGoesToTheAddressTheUserChose() {
        String buyer = unique("buyer");
        String seller = unique("seller");
        TestHttp asSeller = http().as(TestTokens.forUser(seller, "Sam", Role.SELLER));
        TestHttp.Response saved = asSeller.put("/api/notifications/preferences",
                body("sam@shop.example", true, true, null));
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        assertThat(saved.json().path("emailSource").asString()).isEqualTo("preference");

        publish(message(unique("conv"), buyer, seller, 1, "hi"));

        await().atMost(WAIT).until(() -> TestSmtp.to("sam@shop.example").size() == 1);
        assertThat(TestSmtp.to(mailOf(seller))).isEmpty();
    }

    @Test
    void aUserWithEveryChannelOffIsNotNotifiedAndTheLogSaysWhy() {
        String buyer = unique("buyer");
        String seller = unique("seller");
        assertThat(http().as(TestTokens.forUser(seller, "Sam", Role.SELLER))
                .put("/api/notifications/preferences", body(null, false, false, null)).status()).isEqualTo(200);

        publish(message(unique("conv"), buyer, seller, 1, "hi"));
        publish(message(unique("conv"), buyer, seller, 1, "hi again, other thread"));

        TestHttp admin = http().as(TestTokens.admin("admin-1"));
        await().atMost(WAIT).until(() -> admin.get("/api/notifications/log?userId=" + seller).json()
                .path("items").size() == 2);
        JsonNode first = admin.get("/api/notifications/log?userId=" + seller + "&limit=1").json();
        assertThat(first.path("items").get(0).path("outcome").asString()).isEqualTo("suppressed");
        assertThat(first.path("items").get(0).path("reason").asString()).isEqualTo("preference");
        String cursor = first.path("nextCursor").asString();
        JsonNode second = admin.get("/api/notifications/log?userId=" + seller + "&limit=1&cursor=" + cursor).json();
        assertThat(second.path("items")).hasSize(1);
        assertThat(second.path("items").get(0).path("id").asString())
                .isNotEqualTo(first.path("items").get(0).path("id").asString());
        assertThat(second.path("nextCursor").isNull()).isTrue();
        assertThat(TestSmtp.to(mailOf(seller))).isEmpty();
    }

    @Test
    void duringQuietHoursTheDigestWaitsForTheirEnd() {
        String buyer = unique("buyer");
        String seller = unique("seller");
        String conversation = unique("conv");
        LocalTime now = LocalTime.now(ZoneOffset.UTC);
        DateTimeFormatter hhmm = DateTimeFormatter.ofPattern("HH:mm");
        Map<String, Object> quiet = Map.of("start", now.minusHours(1).format(hhmm), "end", now.plusHours(1).format(hhmm),
                "timezone", "UTC");
        assertThat(http().as(TestTokens.forUser(seller, "Sam", Role.SELLER))
                .put("/api/notifications/preferences", body(null, true, true, quiet)).status()).isEqualTo(200);

        publish(message(conversation, buyer, seller, 1, "late night question"));

        String key = PendingNotification.conversationKey(seller, conversation);
        await().atMost(WAIT).until(() -> pending.find(key)
                .filter(d -> d.dueAt().isAfter(d.windowStart().plus(Duration.ofMinutes(30)))).isPresent());
        assertThat(TestSmtp.to(mailOf(seller))).isEmpty();
        pending.find(key).ifPresent(d -> mongo.remove(d));
    }

    @Test
    void badPreferencesAreRefusedWithStableCodes() {
        TestHttp customer = http().as(TestTokens.customer(unique("c")));
        assertThat(customer.put("/api/notifications/preferences",
                body(null, true, true, Map.of("start", "22:00", "end", "07:00", "timezone", "Mars/Olympus"))).code())
                .isEqualTo("invalid_timezone");
        assertThat(customer.put("/api/notifications/preferences",
                body(null, true, true, Map.of("start", "25:00", "end", "07:00", "timezone", "UTC"))).code())
                .isEqualTo("validation_failed");
        assertThat(customer.put("/api/notifications/preferences", body("not-an-address", true, true, null)).code())
                .isEqualTo("validation_failed");
        assertThat(customer.put("/api/notifications/preferences", Map.of("email", "a@b.example")).code())
                .isEqualTo("validation_failed");
        assertThat(customer.put("/api/notifications/preferences", "{not json").code()).isEqualTo("malformed_request");
        Map<String, Object> alerts = body(null, true, true, null);
        alerts.put("newTicketAlerts", true);
        TestHttp.Response forbidden = customer.put("/api/notifications/preferences", alerts);
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.code()).isEqualTo("ticket_alerts_staff_only");
    }

    @Test
    void theLogIsForAdminsOnly() {
        assertThat(http().as(TestTokens.staff("s-1")).get("/api/notifications/log").code()).isEqualTo("admin_only");
        TestHttp admin = http().as(TestTokens.admin("admin-1"));
        assertThat(admin.get("/api/notifications/log?cursor=nonsense").code()).isEqualTo("invalid_cursor");
        assertThat(admin.get("/api/notifications/log?limit=0").code()).isEqualTo("invalid_limit");
        assertThat(admin.get("/api/notifications/log?limit=abc").code()).isEqualTo("invalid_parameter");
    }

    @Test
    void staffWhoOptedInHearAboutNewTicketsToo() {
        String staff = unique("staff");
        Map<String, Object> alerts = body(null, true, false, null);
        alerts.put("newTicketAlerts", true);
        TestHttp.Response saved = http().as(TestTokens.staff(staff)).put("/api/notifications/preferences", alerts);
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        assertThat(saved.json().path("newTicketAlerts").asBoolean()).isTrue();

        publish(OfflineEmailIntegrationTests.ticketCreated(unique("conv"), "T-3001"));

        await().atMost(WAIT).until(() -> TestSmtp.to(mailOf(staff)).stream()
                .anyMatch(m -> TestSmtp.body(m).contains("T-3001")));
    }

    private static Map<String, Object> body(String email, boolean byEmail, boolean byPush, Map<String, Object> quiet) {
        Map<String, Object> body = new HashMap<>();
        body.put("email", email);
        body.put("channels", Map.of("email", byEmail, "push", byPush));
        body.put("quietHours", quiet);
        return body;
    }

}
