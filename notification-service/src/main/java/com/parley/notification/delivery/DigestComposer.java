package com.parley.notification.delivery;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

import com.parley.events.text.Language;
import com.parley.events.text.TextCatalogue;
import com.parley.notification.channel.Notification;
import com.parley.notification.pending.PendingItem;
import com.parley.notification.pending.PendingNotification;
import com.parley.notification.system.NotificationProperties;

/**
 * Turns a digest into the words a user reads, in their language ("3 tin nhắn mới từ Anna"), with a link that
 * opens their app at that conversation.
 */
@Component
class DigestComposer {

    static final int PREVIEW_LINES = 5;
    static final int PREVIEW_CHARS = 140;

    private final NotificationProperties properties;

    DigestComposer(NotificationProperties properties) {
        this.properties = properties;
    }

    Notification compose(PendingNotification digest, Language language) {
        return "new_tickets".equals(digest.subject()) ? newTickets(digest, language) : conversation(digest, language);
    }

    private Notification conversation(PendingNotification digest, Language language) {
        List<PendingItem> messages = digest.items().stream().filter(i -> "message".equals(i.kind())).toList();
        PendingItem claim = digest.items().stream().filter(i -> "claimed".equals(i.kind())).reduce((a, b) -> b)
                .orElse(null);
        Set<String> senders = new LinkedHashSet<>();
        messages.forEach(m -> senders.add(m.senderName()));
        int count = digest.messageCount();
        String title;
        if (count == 0 && claim != null) {
            title = claimLine(claim, language);
        } else if (count == 1) {
            title = TextCatalogue.render("notify.new_message", Map.of("names", names(senders, language)), language);
        } else {
            title = TextCatalogue.render("notify.new_messages",
                    Map.of("count", count, "names", names(senders, language)), language);
        }
        StringBuilder body = new StringBuilder();
        if (claim != null) {
            body.append(claimLine(claim, language)).append(".\n\n");
        }
        List<PendingItem> shown = messages.subList(Math.max(0, messages.size() - PREVIEW_LINES), messages.size());
        for (PendingItem m : shown) {
            body.append(m.senderName()).append(": ").append(preview(m.text(), language)).append('\n');
        }
        if (count > shown.size()) {
            body.append(TextCatalogue.render("notify.more", Map.of("count", count - shown.size()), language)).append('\n');
        }
        return new Notification(digest.recipientId(), digest.conversationId(), title, body.toString().strip(),
                link(appOf(digest), digest.conversationId()), digest.id(), digest.count(), language);
    }

    private Notification newTickets(PendingNotification digest, Language language) {
        List<PendingItem> tickets = digest.items();
        String title = digest.count() == 1 && !tickets.isEmpty()
                ? TextCatalogue.render("notify.new_ticket", Map.of("ticket", tickets.getFirst().ticketNumber()), language)
                : TextCatalogue.render("notify.new_tickets", Map.of("count", digest.count()), language);
        StringBuilder body = new StringBuilder();
        for (PendingItem t : tickets.subList(Math.max(0, tickets.size() - PREVIEW_LINES), tickets.size())) {
            body.append('#').append(t.ticketNumber()).append(' ').append(preview(t.text(), language))
                    .append(" (").append(t.senderName()).append(")\n");
        }
        return new Notification(digest.recipientId(), null, title, body.toString().strip(),
                properties.appBaseUrl() + "/dashboard/", digest.id(), digest.count(), language);
    }

    /**
     * The address each app understands (the apps read it on start, signing in first where needed):
     * the dashboard and the widget take {@code ?conversation=}, Seller Center takes {@code ?thread=}.
     */
    String link(String app, String conversationId) {
        String id = URLEncoder.encode(conversationId, StandardCharsets.UTF_8);
        return switch (app) {
            case PendingItem.DASHBOARD -> properties.appBaseUrl() + "/dashboard/?conversation=" + id;
            case PendingItem.SELLER -> properties.appBaseUrl() + "/seller/?thread=" + id;
            default -> properties.appBaseUrl() + "/widget/?conversation=" + id;
        };
    }

    private static String appOf(PendingNotification digest) {
        return digest.items().stream().map(PendingItem::app).filter(a -> a != null).reduce((a, b) -> b)
                .orElse(PendingItem.WIDGET);
    }

    private static String claimLine(PendingItem claim, Language language) {
        return claim.ticketNumber() == null
                ? TextCatalogue.render("notify.claimed", Map.of("agent", claim.senderName()), language)
                : TextCatalogue.render("notify.claimed_ticket",
                        Map.of("agent", claim.senderName(), "ticket", claim.ticketNumber()), language);
    }

    private static String names(Set<String> senders, Language language) {
        List<String> all = List.copyOf(senders);
        if (all.size() <= 3) {
            return String.join(", ", all);
        }
        return TextCatalogue.render("notify.and_others", Map.of("names", String.join(", ", all.subList(0, 3))), language);
    }

    private static String preview(String text, Language language) {
        if (text == null || text.isBlank()) {
            return TextCatalogue.render("notify.attachment", language);
        }
        String oneLine = TextCatalogue.localizeMasks(text.strip().replaceAll("\\s+", " "), language);
        return oneLine.length() <= PREVIEW_CHARS ? oneLine : oneLine.substring(0, PREVIEW_CHARS - 1) + "…";
    }
}
