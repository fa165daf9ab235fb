package com.parley.messaging.systemmessage;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import com.parley.events.Actor;
import com.parley.events.ConversationClaimed;
import com.parley.events.ConversationCreated;
import com.parley.events.ConversationUpdated;
import com.parley.events.EventCodec;
import com.parley.events.EventEnvelope;
import com.parley.events.EventPayload;
import com.parley.events.Topics;
import com.parley.events.UserRef;
import com.parley.messaging.moderation.ContentModerator;
import com.parley.messaging.moderation.Moderation;
import com.parley.messaging.moderation.ModerationResult;
import com.parley.messaging.send.Message;
import com.parley.messaging.send.SequencedMessageAppender;
import com.parley.support.events.EventsConfiguration;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Messages that conversation events cause (docs/CONTRACTS.md): the customer's first message of a new ticket
 * (clientMessageId {@code first:<conversationId>}) and system messages about claims and lifecycle changes
 * (clientMessageId {@code event:<eventId>}). The unique (conversationId, clientMessageId) index makes every
 * redelivery store nothing twice. Each one is a normal message with a seq and a {@code chat.message.sent} event.
 */
@Component
class ConversationMessagesListener {

    private static final Logger log = LoggerFactory.getLogger(ConversationMessagesListener.class);
    static final UserRef PARLEY = new UserRef("system", "Parley", null);

    private final EventCodec codec;
    private final SequencedMessageAppender appender;
    private final ContentModerator moderator;
    private final MeterRegistry meters;

    ConversationMessagesListener(EventCodec codec, SequencedMessageAppender appender, ContentModerator moderator,
                                 MeterRegistry meters) {
        this.codec = codec;
        this.appender = appender;
        this.moderator = moderator;
        this.meters = meters;
    }

    @KafkaListener(id = "messaging-system-messages", groupId = "messaging-service.system-messages",
            topics = Topics.CONVERSATIONS, containerFactory = EventsConfiguration.EVENT_LISTENER_FACTORY)
    void on(ConsumerRecord<String, byte[]> record) {
        EventEnvelope<EventPayload> event = codec.decode(record.value());
        SequencedMessageAppender.Draft draft = switch (event.payload()) {
            case ConversationCreated c when c.firstMessage() != null && !c.firstMessage().isBlank() -> firstMessage(event, c);
            case ConversationClaimed c -> system(event, (c.claimedBy() == null ? "A support agent" : c.claimedBy().name())
                    + " has taken your request", c.participantIds(), "support");
            case ConversationUpdated u -> textFor(u) == null ? null : system(event, textFor(u), u.participantIds(), u.kind());
            default -> null;
        };
        if (draft == null) {
            return;
        }
        SequencedMessageAppender.Appended appended = appender.append(draft);
        if (appended.created()) {
            meters.counter("parley.messages.sent", "type", draft.type(), "kind", String.valueOf(draft.conversationKind()),
                    "senderType", draft.senderType()).increment();
            log.info("Stored {} message seq {} in {} from {}", draft.type(), appended.message().seq(),
                    event.conversationId(), event.type());
        } else {
            log.debug("{} {} was already turned into seq {}", event.type(), event.eventId(), appended.message().seq());
        }
    }

    private SequencedMessageAppender.Draft firstMessage(EventEnvelope<EventPayload> event, ConversationCreated c) {
        boolean thread = "buyer_seller".equals(c.kind());
        UserRef author = thread ? c.buyer() : c.customer();
        String senderType = thread ? "buyer" : "customer";
        ModerationResult moderation = moderator.moderate(c.firstMessage().strip(), c.kind());
        return new SequencedMessageAppender.Draft(event.conversationId(), c.kind(), author, senderType, Message.TEXT,
                moderation.content(), List.of(), "first:" + event.conversationId(), null,
                moderation.noteworthy() ? Moderation.of(moderation) : null, c.participantIds(),
                Actor.of(author == null ? null : author.id(), senderType, author == null ? null : author.name()));
    }

    private static SequencedMessageAppender.Draft system(EventEnvelope<EventPayload> event, String text,
                                                         List<String> participantIds, String kind) {
        return new SequencedMessageAppender.Draft(event.conversationId(), kind, PARLEY, "system", Message.SYSTEM, text,
                List.of(), "event:" + event.eventId(), null, null, participantIds, Actor.SYSTEM);
    }

    /** What the customer (or both sides of a thread) should read about a change; null when nothing. */
    static String textFor(ConversationUpdated u) {
        String assignee = u.assignee() == null ? null : u.assignee().name();
        return switch (String.valueOf(u.change())) {
            case "released" -> "Your request is back in the queue; the next available agent will take it";
            case "auto_released" -> "Your request is back in the queue while we find someone to help you";
            case "transferred" -> assignee == null ? "Your request was transferred to another agent"
                    : "Your request was transferred to " + assignee;
            case "resolved" -> "This request was marked as resolved. Write again if you still need help";
            case "reopened" -> "This request was reopened";
            case "closed" -> "This conversation was closed";
            default -> null;
        };
    }
}
