package com.parley.notification.email;

import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

import com.parley.notification.channel.Notification;
import com.parley.notification.channel.NotificationChannel;
import com.parley.notification.channel.PermanentDeliveryException;
import com.parley.notification.preferences.RecipientSettings;
import com.parley.notification.system.NotificationProperties;

/** Plain-text e-mail over SMTP. */
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
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(properties.email().from());
        message.setTo(recipient.email());
        message.setSubject(notification.title());
        message.setText(notification.body() + "\n\nOpen the conversation: " + notification.url()
                + "\n\nYou get this because you were offline. Change what you receive in your notification settings.");
        try {
            mail.send(message);
        } catch (MailParseException | MailPreparationException e) {
            throw new PermanentDeliveryException("Mail to " + recipient.email() + " cannot be built: " + e.getMessage(), e);
        }
    }
}
