package com.parley.infra;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;

/**
 * A real SMTP server (GreenMail) that accepts every mail, plus an optional page listing what arrived, so a
 * developer can see the notifications Parley sent.
 */
public final class SmtpServer implements AutoCloseable {

    private final GreenMail greenMail;
    private final int port;
    private HttpServer viewer;

    private SmtpServer(GreenMail greenMail, int port) {
        this.greenMail = greenMail;
        this.port = port;
    }

    public static SmtpServer start(int port) {
        GreenMail mail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        return new SmtpServer(mail, mail.getSmtp().getPort());
    }

    public int port() {
        return port;
    }

    public List<MimeMessage> received() {
        return List.of(greenMail.getReceivedMessages());
    }

    public boolean awaitMessages(int count, long timeoutMillis) {
        return greenMail.waitForIncomingEmail(timeoutMillis, count);
    }

    public void reset() {
        try {
            greenMail.purgeEmailFromAllMailboxes();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Serves a plain page of received mail (newest first) at http://127.0.0.1:{viewerPort}/. */
    public SmtpServer withViewer(int viewerPort) {
        try {
            viewer = HttpServer.create(new InetSocketAddress("127.0.0.1", viewerPort), 0);
        } catch (IOException e) {
            throw new IllegalStateException("Mail viewer could not start on " + viewerPort, e);
        }
        viewer.createContext("/", exchange -> {
            StringBuilder html = new StringBuilder("<!doctype html><meta charset=utf-8><title>Parley mail</title>"
                    + "<style>body{font-family:system-ui;margin:2rem}article{border-bottom:1px solid #ddd;padding:1rem 0}"
                    + "pre{white-space:pre-wrap}</style><h1>Mail sent by Parley</h1>");
            List<MimeMessage> messages = received();
            if (messages.isEmpty()) {
                html.append("<p>No mail yet.</p>");
            }
            for (int i = messages.size() - 1; i >= 0; i--) {
                MimeMessage m = messages.get(i);
                try {
                    html.append("<article><b>").append(escape(m.getSubject())).append("</b><br>To: ")
                            .append(escape(String.join(", ", GreenMailUtil.getAddressList(m.getAllRecipients()))))
                            .append("<pre>").append(escape(plainText(m))).append("</pre>");
                    String htmlPart = part(m, "text/html");
                    if (htmlPart != null) {
                        // the HTML part as the recipient's mail client shows it, sandboxed (no scripts)
                        html.append("<details open><summary>HTML</summary><iframe sandbox style=\"width:100%;height:22rem;"
                                + "border:1px solid #ddd\" srcdoc=\"").append(escape(htmlPart).replace("\"", "&quot;"))
                                .append("\"></iframe></details>");
                    }
                    html.append("</article>");
                } catch (Exception e) {
                    html.append("<article>unreadable message</article>");
                }
            }
            byte[] body = html.toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        viewer.start();
        return this;
    }

    /** The decoded plain-text part (quoted-printable and base64 undone), else the raw body. */
    private static String plainText(MimeMessage m) {
        String plain = part(m, "text/plain");
        return plain != null ? plain : GreenMailUtil.getBody(m);
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
        } catch (Exception e) {
            return null;
        }
        return null;
    }

    private static String escape(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Override
    public void close() {
        if (viewer != null) {
            viewer.stop(0);
        }
        greenMail.stop();
    }
}
