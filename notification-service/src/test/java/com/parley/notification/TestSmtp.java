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

    static String body(MimeMessage message) {
        try {
            return String.valueOf(message.getContent());
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
