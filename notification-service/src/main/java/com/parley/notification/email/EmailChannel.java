package com.parley.notification.email;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

import com.parley.events.text.Language;
import com.parley.events.text.TextCatalogue;
import com.parley.notification.channel.Notification;
import com.parley.notification.channel.NotificationChannel;
import com.parley.notification.channel.PermanentDeliveryException;
import com.parley.notification.preferences.RecipientSettings;
import com.parley.notification.system.NotificationProperties;

/**
 * E-mail over SMTP in the recipient's language: {@code multipart/alternative} with a plain-text part (what
 * text-only clients and the tests read) and an HTML part with a button to the conversation, both UTF-8.
 */
@Component
class EmailChannel implements NotificationChannel {

    private final JavaMailSender mail;
    private final NotificationProperties properties;

    EmailChannel(JavaMailSender mail, NotificationProperties properties) {
        this.mail = mail;
        this.properties = properties;
    }

    @Override
    public String name() {
        return "email";
    }

    @Override
    public boolean reaches(RecipientSettings recipient) {
        return recipient.emailEnabled() && recipient.email() != null && !recipient.email().isBlank();
    }

    @Override
    public void deliver(RecipientSettings recipient, Notification notification) {
        try {
            MimeMessage message = mail.createMimeMessage();
            MimeMessageHelper helper = new MimeMessageHelper(message, true, "UTF-8");
            helper.setFrom(properties.email().from());
            helper.setTo(recipient.email());
            helper.setSubject(notification.title());
            helper.setText(plain(notification), html(notification));
            message.setHeader("Content-Language", language(notification).tag());
            mail.send(message);
        } catch (MessagingException | MailParseException | MailPreparationException e) {
            throw new PermanentDeliveryException("Mail to " + recipient.email() + " cannot be built: " + e.getMessage(), e);
        }
    }

    static String plain(Notification n) {
        Language language = language(n);
        return n.body() + "\n\n" + TextCatalogue.render(n.conversationId() == null ? "notify.open_queue" : "notify.open",
                language) + ": " + n.url() + "\n\n" + TextCatalogue.render("notify.footer", language);
    }

    static String html(Notification n) {
        Language language = language(n);
        String action = TextCatalogue.render(n.conversationId() == null ? "notify.open_queue" : "notify.open", language);
        StringBuilder body = new StringBuilder();
        for (String paragraph : n.body().split("\n\n")) {
            body.append("<p style=\"margin:0 0 12px\">")
                    .append(HtmlUtils.htmlEscape(paragraph, "UTF-8").replace("\n", "<br>"))
                    .append("</p>");
        }
        String url = HtmlUtils.htmlEscape(n.url(), "UTF-8");
        return "<!doctype html><html lang=\"" + language.tag() + "\"><head><meta charset=\"utf-8\">"
                + "<title>" + HtmlUtils.htmlEscape(n.title(), "UTF-8") + "</title></head>"
                + "<body style=\"font-family:system-ui,sans-serif;color:#1f2937;line-height:1.5\">"
                + "<h1 style=\"font-size:18px\">" + HtmlUtils.htmlEscape(n.title(), "UTF-8") + "</h1>"
                + body
                + "<p><a href=\"" + url + "\" style=\"display:inline-block;background:#c2410c;color:#fff;"
                + "padding:8px 16px;border-radius:6px;text-decoration:none\">" + HtmlUtils.htmlEscape(action, "UTF-8")
                + "</a></p>"
                + "<p style=\"color:#4b5563;font-size:13px\">" + HtmlUtils.htmlEscape(TextCatalogue.render("notify.footer",
                language), "UTF-8") + "</p></body></html>";
    }

    private static Language language(Notification n) {
        return n.language() == null ? Language.DEFAULT : n.language();
    }
}
