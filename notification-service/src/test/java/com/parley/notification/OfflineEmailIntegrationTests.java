package com.parley.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.parley.events.Actor;
import com.parley.events.ConversationClaimed;
import com.parley.events.ConversationCreated;
import com.parley.events.EventEnvelope;
import com.parley.events.MessageSent;
import com.parley.events.PresenceKeys;
import com.parley.events.UserRef;
import com.parley.notification.pending.PendingNotification;
import com.parley.notification.pending.PendingNotifications;

/** Done-when: offline users get one digest e-mail per burst, online users none, redeliveries nothing new. */
class OfflineEmailIntegrationTests extends NotificationIntegrationTest {

    static final Duration MAIL_WAIT = Duration.ofSeconds(30);

    @Autowired
    PendingNotifications pending;

    @Test
    void offlineRecipientGetsExactlyOneEmailForABurstOfFiveMessages() {
        String conversation = unique("conv");
        String buyer = unique("buyer");
        String seller = unique("seller");
        for (int seq = 1; seq <= 5; seq++) {
            publish(message(conversation, buyer, seller, seq, "Is it still available? (" + seq + ")"));
        }

        await().atMost(MAIL_WAIT).until(() -> TestSmtp.to(mailOf(seller)).size() == 1);
        MimeMessage mail = TestSmtp.to(mailOf(seller)).getFirst();
        assertThat(TestSmtp.subject(mail)).as("Vietnamese until they choose").isEqualTo("5 tin nhắn mới từ Name of " + buyer);
        assertThat(TestSmtp.body(mail)).contains("Is it still available? (5)")
                .contains("/seller/?thread=" + conversation);

        // the window is closed and its digest gone: nothing else will go out for this burst
        await().atMost(MAIL_WAIT).until(() ->
                pending.find(PendingNotification.conversationKey(seller, conversation)).isEmpty());
        assertThat(TestSmtp.to(mailOf(seller))).hasSize(1);
        assertThat(TestSmtp.to(mailOf(buyer))).as("never for one's own messages").isEmpty();
    }

    @Test
    void onlineRecipientGetsNoEmail() {
        String conversation = unique("conv");
        String buyer = unique("buyer");
        String seller = unique("seller");
        online(seller);
        double suppressedBefore = counter("suppressed", "online");
        for (int seq = 1; seq <= 3; seq++) {
            publish(message(conversation, buyer, seller, seq, "hello " + seq));
        }
        // the seller answers (same conversation, so same partition, handled after the three above)
        publish(message(conversation, seller, buyer, 4, "yes, still there"));

        await().atMost(MAIL_WAIT).until(() -> TestSmtp.to(mailOf(buyer)).size() == 1);
        assertThat(counter("suppressed", "online") - suppressedBefore).isGreaterThanOrEqualTo(3);
        assertThat(pending.find(PendingNotification.conversationKey(seller, conversation))).isEmpty();
        assertThat(TestSmtp.to(mailOf(seller))).isEmpty();
        offline(seller);
    }

    @Test
    void recipientWhoComesOnlineBeforeTheWindowClosesGetsNoEmail() {
        String conversation = unique("conv");
        String buyer = unique("buyer");
        String seller = unique("seller");
        publish(message(conversation, buyer, seller, 1, "hi"));
        await().atMost(MAIL_WAIT).until(() ->
                pending.find(PendingNotification.conversationKey(seller, conversation)).isPresent());
        online(seller);

        await().atMost(MAIL_WAIT).until(() ->
                pending.find(PendingNotification.conversationKey(seller, conversation)).isEmpty());
        assertThat(TestSmtp.to(mailOf(seller))).isEmpty();
        offline(seller);
    }

    @Test
    void redeliveredEventSendsNothingNew() {
        String conversation = unique("conv");
        String buyer = unique("buyer");
        String seller = unique("seller");
        EventEnvelope<MessageSent> once = message(conversation, buyer, seller, 1, "only once please");
        publish(once);
        publish(once);

        await().atMost(MAIL_WAIT).until(() -> TestSmtp.to(mailOf(seller)).size() == 1);
        assertThat(TestSmtp.subject(TestSmtp.to(mailOf(seller)).getFirst()))
                .as("the copy was not folded in as a second message").isEqualTo("Tin nhắn mới từ Name of " + buyer);

        // a redelivery after the digest went out, then a marker on the same partition that must be handled after it
        publish(once);
        publish(message(conversation, seller, buyer, 2, "marker"));
        await().atMost(MAIL_WAIT).until(() -> TestSmtp.to(mailOf(buyer)).size() == 1);
        assertThat(pending.find(PendingNotification.conversationKey(seller, conversation))).isEmpty();
        assertThat(TestSmtp.to(mailOf(seller))).hasSize(1);
    }

    @Test
    void systemMessagesNotifyNobody() {
        String conversation = unique("conv");
        String customer = unique("customer");
        String staff = unique("staff");
        MessageSent system = new MessageSent("m-sys", 1, "support", UserRef.of("system", "Parley"), "system", "system",
                "Anna has taken your request", List.of(), "event:x", null, Instant.now(), List.of(customer, staff));
        publish(EventEnvelope.of(conversation, Actor.SYSTEM, system, Instant.now()));
        publish(message(conversation, staff, customer, 2, "marker"));

        await().atMost(MAIL_WAIT).until(() -> TestSmtp.to(mailOf(customer)).size() == 1);
        assertThat(TestSmtp.subject(TestSmtp.to(mailOf(customer)).getFirst())).isEqualTo("Tin nhắn mới từ Name of " + staff);
        assertThat(TestSmtp.to(mailOf(staff))).isEmpty();
    }

    @Test
    void offlineCustomerLearnsThatTheirRequestWasTaken() {
        String conversation = unique("conv");
        String customer = unique("customer");
        ConversationClaimed claimed = new ConversationClaimed("T-1042", UserRef.of("staff-anna", "Anna"), Instant.now(),
                customer, List.of(customer, "staff-anna"));
        publish(EventEnvelope.of(conversation, Actor.of("staff-anna", "staff", "Anna"), claimed, Instant.now()));

        await().atMost(MAIL_WAIT).until(() -> TestSmtp.to(mailOf(customer)).size() == 1);
        assertThat(TestSmtp.subject(TestSmtp.to(mailOf(customer)).getFirst()))
                .isEqualTo("Anna đã tiếp nhận yêu cầu #T-1042 của bạn");
        assertThat(TestSmtp.body(TestSmtp.to(mailOf(customer)).getFirst()))
                .as("the customer's link opens the storefront widget at that conversation")
                .contains("/widget/?conversation=" + conversation);
    }

    @Test
    void newTicketAlertsOnCallStaffOnlyWhileNoStaffIsOnline() {
        redis.opsForSet().add(PresenceKeys.onlineStaff(), "staff-online");
        EventEnvelope<ConversationCreated> whileStaffOnline = ticketCreated(unique("conv"), "T-2001");
        publish(whileStaffOnline);
        awaitHandled(whileStaffOnline);
        redis.opsForSet().remove(PresenceKeys.onlineStaff(), "staff-online");
        publish(ticketCreated(unique("conv"), "T-2002"));

        await().atMost(MAIL_WAIT).until(() -> TestSmtp.to(mailOf("oncall-1")).stream()
                .anyMatch(m -> TestSmtp.subject(m).equals("Yêu cầu mới #T-2002 đang chờ và không có nhân viên nào trực tuyến")));
        assertThat(TestSmtp.to(mailOf("oncall-1"))).noneMatch(m -> TestSmtp.body(m).contains("T-2001"));
    }

    static EventEnvelope<ConversationCreated> ticketCreated(String conversation, String ticketNumber) {
        String customer = unique("customer");
        ConversationCreated created = new ConversationCreated("support", ticketNumber, "pending", "high",
                "Parcel never arrived", UserRef.of(customer, "Carla"), null, null, "o-1", null, List.of(),
                Instant.now().plusSeconds(900), Instant.now(), "Where is my parcel?", List.of(customer));
        return EventEnvelope.of(conversation, Actor.of(customer, "customer", "Carla"), created, Instant.now());
    }
}
