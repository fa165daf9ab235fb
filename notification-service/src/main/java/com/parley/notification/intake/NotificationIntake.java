package com.parley.notification.intake;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.parley.events.access.ConversationKind;
import com.parley.events.access.SenderType;
import com.parley.events.ConversationClaimed;
import com.parley.events.ConversationCreated;
import com.parley.events.EventEnvelope;
import com.parley.events.MessageRead;
import com.parley.events.MessageSent;
import com.parley.notification.delivery.NotificationMetrics;
import com.parley.notification.pending.PendingItem;
import com.parley.notification.pending.PendingNotification;
import com.parley.notification.pending.PendingNotifications;
import com.parley.notification.preferences.PreferencesService;
import com.parley.notification.presence.Presence;
import com.parley.notification.system.NotificationProperties;
import com.parley.support.events.ProcessedEvents;
import com.parley.support.observability.TraceContexts;

/**
 * Decides who should hear about an event and folds it into their pending digest. Who is online now is
 * suppressed at once; the digest re-checks when it is due. Idempotent on eventId: a redelivered event folds
 * nothing twice (see {@link #onFirstDelivery}).
 */
@Component
class NotificationIntake {

    static final String CONSUMER = "notification-service";
    private static final Logger log = LoggerFactory.getLogger(NotificationIntake.class);

    private final ProcessedEvents processed;
    private final PendingNotifications pending;
    private final Presence presence;
    private final PreferencesService preferences;
    private final NotificationMetrics metrics;
    private final NotificationProperties properties;
    private final TraceContexts traces;

    NotificationIntake(ProcessedEvents processed, PendingNotifications pending, Presence presence,
                       PreferencesService preferences, NotificationMetrics metrics, NotificationProperties properties,
                       TraceContexts traces) {
        this.traces = traces;
        this.processed = processed;
        this.pending = pending;
        this.presence = presence;
        this.preferences = preferences;
        this.metrics = metrics;
        this.properties = properties;
    }

    void messageSent(EventEnvelope<?> event, MessageSent message, String topic, String raw) {
        if ("system".equals(message.type()) || "system".equals(message.senderType())) {
            // system messages echo ticket events, which are notified on their own
            metrics.suppressed(NotificationMetrics.ALL_CHANNELS, "system_message", 1);
            return;
        }
        String senderId = message.sender() == null ? null : message.sender().id();
        String senderName = message.sender() == null ? "Someone" : message.sender().name();
        List<String> offline = new ArrayList<>();
        for (String recipient : nullSafe(message.participantIds())) {
            if (recipient.equals(senderId)) {
                metrics.suppressed(NotificationMetrics.ALL_CHANNELS, "own_message", 1);
            } else if (presence.isOnline(recipient)) {
                metrics.suppressed(NotificationMetrics.ALL_CHANNELS, "online", 1);
            } else {
                offline.add(recipient);
            }
        }
        if (offline.isEmpty()) {
            // nothing to fold, so nothing to remember either: in a busy chat both sides are usually online, and
            // the check and the mark were two of the message's database round trips here
            return;
        }
        onFirstDelivery(event, () -> {
            for (String recipient : offline) {
                PendingItem item = new PendingItem(event.eventId().toString(), "message", senderId, senderName,
                        message.content(), message.seq(), null, message.createdAt(), topic, event.type(), raw,
                        recipientApp(message), traces.currentTraceparent());
                fold(recipient, PendingNotification.conversationKey(recipient, event.conversationId()),
                        event.conversationId(), "conversation", item); // presence was checked above
            }
        });
    }

    void conversationClaimed(EventEnvelope<?> event, ConversationClaimed claim, String topic, String raw) {
        String customer = claim.customerId();
        if (customer == null || claim.claimedBy() == null || customer.equals(claim.claimedBy().id())) {
            return;
        }
        onFirstDelivery(event, () -> {
            PendingItem item = new PendingItem(event.eventId().toString(), "claimed", claim.claimedBy().id(),
                    claim.claimedBy().name(), null, 0, claim.ticketNumber(), claim.claimedAt(), topic, event.type(), raw,
                    PendingItem.WIDGET, traces.currentTraceparent());
            foldUnlessOnline(customer, PendingNotification.conversationKey(customer, event.conversationId()),
                    event.conversationId(), "conversation", item);
        });
    }

    void conversationCreated(EventEnvelope<?> event, ConversationCreated created, String topic, String raw) {
        if (ConversationKind.of(created.kind()) != ConversationKind.SUPPORT) {
            return;
        }
        onFirstDelivery(event, () -> {
            if (presence.anyStaffOnline()) {
                metrics.suppressed(NotificationMetrics.ALL_CHANNELS, "online", 1);
                return;
            }
            Set<String> recipients = new LinkedHashSet<>(properties.ticketAlerts().recipients());
            recipients.addAll(preferences.ticketAlertSubscribers());
            recipients.removeIf(id -> id == null || id.isBlank());
            String customerName = created.customer() == null ? "a customer" : created.customer().name();
            String text = "[" + created.priority() + "] "
                    + (created.subject() != null && !created.subject().isBlank() ? created.subject() : created.firstMessage());
            for (String recipient : recipients) {
                PendingItem item = new PendingItem(event.eventId().toString(), "new_ticket",
                        created.customer() == null ? null : created.customer().id(), customerName, text, 0,
                        created.ticketNumber(), created.createdAt(), topic, event.type(), raw, PendingItem.DASHBOARD,
                        traces.currentTraceparent());
                foldUnlessOnline(recipient, PendingNotification.newTicketsKey(recipient), null, "new_tickets", item);
            }
        });
    }

    /** A read up to a seq makes a waiting digest of older messages moot. */
    void messageRead(EventEnvelope<?> event, MessageRead read) {
        if (read.reader() != null && pending.dropReadUpTo(read.reader().id(), event.conversationId(), read.upToSeq())) {
            metrics.suppressed(NotificationMetrics.ALL_CHANNELS, "read", 1);
            log.info("Dropped the pending digest of {} for {}: read up to {}", read.reader().id(),
                    event.conversationId(), read.upToSeq());
        }
    }

    private void foldUnlessOnline(String recipient, String key, String conversationId, String subject,
                                  PendingItem item) {
        if (presence.isOnline(recipient)) {
            metrics.suppressed(NotificationMetrics.ALL_CHANNELS, "online", 1);
            return;
        }
        fold(recipient, key, conversationId, subject, item);
    }

    private void fold(String recipient, String key, String conversationId, String subject, PendingItem item) {
        PendingNotifications.Folded folded = pending.fold(key, recipient, conversationId, subject, item);
        if (folded == PendingNotifications.Folded.OPENED) {
            log.info("Opened notification window {} for {} ({})", key, recipient, item.kind());
        }
    }

    /**
     * Check, act, mark: the side effect (folding into digests) is idempotent on eventId by itself, and the event
     * is marked handled only after it succeeded. A failure or a crash in between leads to a redelivery that
     * completes the work; a redelivery after the mark does nothing.
     */
    private void onFirstDelivery(EventEnvelope<?> event, Runnable sideEffect) {
        if (processed.isProcessed(CONSUMER, event.eventId())) {
            log.debug("Ignoring redelivered {} {}", event.type(), event.eventId());
            return;
        }
        sideEffect.run();
        processed.markFirstDelivery(CONSUMER, event.eventId());
    }

    /**
     * Who reads a message follows from who wrote it: a customer's message goes to staff (dashboard), a buyer's to
     * the seller (Seller Center), and staff's or a seller's to the customer or buyer (storefront widget).
     */
    static String recipientApp(MessageSent message) {
        SenderType sender = SenderType.of(message.senderType());
        if (sender == SenderType.CUSTOMER) {
            return PendingItem.DASHBOARD;
        }
        return sender == SenderType.BUYER ? PendingItem.SELLER : PendingItem.WIDGET;
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }
}
