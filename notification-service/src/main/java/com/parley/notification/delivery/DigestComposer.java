package com.parley.notification.delivery;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Component;

import com.parley.notification.channel.Notification;
import com.parley.notification.pending.PendingItem;
import com.parley.notification.pending.PendingNotification;
import com.parley.notification.system.NotificationProperties;

/** Turns a digest into the words a user reads: "3 new messages from Anna". */
@Component
class DigestComposer {

    static final int PREVIEW_LINES = 5;
    static final int PREVIEW_CHARS = 140;

    private final NotificationProperties properties;

    DigestComposer(NotificationProperties properties) {
        this.properties = properties;
    }

    Notification compose(PendingNotification digest) {
        return "new_tickets".equals(digest.subject()) ? newTickets(digest) : conversation(digest);
    }

    private Notification conversation(PendingNotification digest) {
        List<PendingItem> messages = digest.items().stream().filter(i -> "message".equals(i.kind())).toList();
        PendingItem claim = digest.items().stream().filter(i -> "claimed".equals(i.kind())).reduce((a, b) -> b)
                .orElse(null);
        Set<String> senders = new LinkedHashSet<>();
        messages.forEach(m -> senders.add(m.senderName()));
        int count = digest.messageCount();
        String title;
        if (count == 0 && claim != null) {
            title = claimLine(claim);
        } else if (count == 1) {
            title = "New message from " + names(senders);
        } else {
            title = count + " new messages from " + names(senders);
        }
        StringBuilder body = new StringBuilder();
        if (claim != null) {
            body.append(claimLine(claim)).append(".\n\n");
        }
        List<PendingItem> shown = messages.subList(Math.max(0, messages.size() - PREVIEW_LINES), messages.size());
        for (PendingItem m : shown) {
            body.append(m.senderName()).append(": ").append(preview(m.text())).append('\n');
        }
        if (count > shown.size()) {
            body.append("… and ").append(count - shown.size()).append(" more\n");
        }
        return new Notification(digest.recipientId(), digest.conversationId(), title, body.toString().strip(),
                properties.appBaseUrl() + "/conversations/" + digest.conversationId(), digest.id(), digest.count());
    }

    private Notification newTickets(PendingNotification digest) {
        List<PendingItem> tickets = digest.items();
        String title = digest.count() == 1 && !tickets.isEmpty()
                ? "New ticket #" + tickets.getFirst().ticketNumber() + " is waiting and no staff is online"
                : digest.count() + " new tickets are waiting and no staff is online";
        StringBuilder body = new StringBuilder();
        for (PendingItem t : tickets.subList(Math.max(0, tickets.size() - PREVIEW_LINES), tickets.size())) {
            body.append('#').append(t.ticketNumber()).append(' ').append(preview(t.text()))
                    .append(" (").append(t.senderName()).append(")\n");
        }
        return new Notification(digest.recipientId(), null, title, body.toString().strip(),
                properties.appBaseUrl() + "/staff/queue", digest.id(), digest.count());
    }

    private static String claimLine(PendingItem claim) {
        return claim.senderName() + " has taken your request"
                + (claim.ticketNumber() == null ? "" : " #" + claim.ticketNumber());
    }

    private static String names(Set<String> senders) {
        List<String> all = List.copyOf(senders);
        if (all.size() <= 3) {
            return String.join(", ", all);
        }
        return String.join(", ", all.subList(0, 3)) + " and others";
    }

    private static String preview(String text) {
        if (text == null || text.isBlank()) {
            return "(attachment)";
        }
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= PREVIEW_CHARS ? oneLine : oneLine.substring(0, PREVIEW_CHARS - 1) + "…";
    }
}
