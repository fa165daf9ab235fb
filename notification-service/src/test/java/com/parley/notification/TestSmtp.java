package com.parley.notification;

import java.util.List;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import com.parley.infra.Ports;
import com.parley.infra.SmtpServer;

/**
 * A real SMTP server (GreenMail) of this module's tests, on a fixed port so a test can take it down and bring
 * it back (an outage). The shared one of test-support cannot be stopped without breaking other tests.
 */
final class TestSmtp {

    private static final int PORT = Ports.free();
    private static SmtpServer server = SmtpServer.start(PORT);

    private TestSmtp() {
    }

    static int port() {
        return PORT;
    }

    static synchronized void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    static synchronized void start() {
        if (server == null) {
            server = SmtpServer.start(PORT);
        }
    }

    /** Mail received (since the server last started) addressed to {@code address}. */
    static synchronized List<MimeMessage> to(String address) {
        if (server == null) {
            return List.of();
        }
        return server.received().stream().filter(m -> addressedTo(m, address)).toList();
    }

    static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The plain-text part (or the whole body of a single-part mail), decoded. */
    static String body(MimeMessage message) {
        return part(message, "text/plain");
    }

    /** The HTML part, decoded; null when there is none. */
    static String html(MimeMessage message) {
        return part(message, "text/html");
    }

    private static String part(jakarta.mail.Part part, String type) {
        try {
            if (part.isMimeType(type)) {
                return String.valueOf(part.getContent());
            }
            if (part.getContent() instanceof jakarta.mail.Multipart multipart) {
                for (int i = 0; i < multipart.getCount(); i++) {
                    String found = part(multipart.getBodyPart(i), type);
                    if (found != null) {
                        return found;
                    }
                }
            }
            return null;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean addressedTo(MimeMessage message, String address) {
        try {
            Address[] recipients = message.getAllRecipients();
            if (recipients == null) {
                return false;
            }
            for (Address recipient : recipients) {
                if (recipient.toString().equalsIgnoreCase(address)) {
                    return true;
                }
            }
            return false;
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
