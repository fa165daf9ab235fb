package com.parley.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.Map;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

import com.parley.testsupport.TestTokens;

/**
 * E-mails are HTML with a plain-text part, in the recipient's language (their choice from the apps' switch,
 * Vietnamese until then), with a link that opens their app at the conversation. Real SMTP (GreenMail).
 */
class EmailLanguageIntegrationTests extends NotificationIntegrationTest {

    @Test
    void eachRecipientReadsTheDigestInTheLanguageTheyChose() {
        String conversation = unique("conv");
        String buyer = unique("buyer");
        String seller = unique("seller");
        var chosen = http().as(TestTokens.forUser(seller, "Sam", com.parley.events.Role.SELLER)).put("/api/notifications/preferences/language",
                Map.of("language", "en"));
        assertThat(chosen.status()).as(chosen.body()).isEqualTo(200);
        assertThat(chosen.json().path("language").asString()).isEqualTo("en");

        publish(message(conversation, buyer, seller, 1, "Còn hàng không? Gọi 0912 345 678"));
        publish(message(conversation, seller, "seller", buyer, 2, "Còn bạn nhé"));

        await().atMost(OfflineEmailIntegrationTests.MAIL_WAIT).until(() ->
                TestSmtp.to(mailOf(seller)).size() == 1 && TestSmtp.to(mailOf(buyer)).size() == 1);
        MimeMessage english = TestSmtp.to(mailOf(seller)).getFirst();
        MimeMessage vietnamese = TestSmtp.to(mailOf(buyer)).getFirst();

        assertThat(TestSmtp.subject(english)).isEqualTo("New message from Name of " + buyer);
        assertThat(TestSmtp.body(english)).contains("Open the conversation: ")
                .contains("/seller/?thread=" + conversation)
                .contains("You get this because you were offline");
        assertThat(TestSmtp.html(english)).contains("<html lang=\"en\"")
                .contains("href=\"http://localhost:8080/seller/?thread=" + conversation + "\"")
                .contains(">Open the conversation</a>");

        assertThat(TestSmtp.subject(vietnamese)).isEqualTo("Tin nhắn mới từ Name of " + seller);
        assertThat(TestSmtp.body(vietnamese)).contains("Còn bạn nhé").contains("Mở cuộc trò chuyện: ")
                .contains("/widget/?conversation=" + conversation);
        assertThat(TestSmtp.html(vietnamese)).contains("<html lang=\"vi\"").contains(">Mở cuộc trò chuyện</a>");
    }

    @Test
    void onlyOurLanguagesCanBeChosen() {
        var refused = http().as(TestTokens.customer(unique("c"))).put("/api/notifications/preferences/language",
                Map.of("language", "fr"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.code()).isEqualTo("invalid_language");
        assertThat(refused.json().path("detail").asString()).isEqualTo("language must be vi or en");
    }
}
