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
import com.parley.events.text.Language;
import com.parley.events.text.SystemText;
import com.parley.events.text.TextCatalogue;
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
            case ConversationClaimed c -> system(event, c.claimedBy() == null ? SystemText.of("system.claimed_anonymous")
                    : SystemText.of("system.claimed", "agent", c.claimedBy().name()), c.participantIds(), "support");
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

    /**
     * Stored as a catalogue code plus parameters, so each reader sees it in their language; the content keeps the
     * English rendering for clients and consumers that only read {@code content}.
     */
    private static SequencedMessageAppender.Draft system(EventEnvelope<EventPayload> event, SystemText text,
                                                         List<String> participantIds, String kind) {
        return new SequencedMessageAppender.Draft(event.conversationId(), kind, PARLEY, "system", Message.SYSTEM,
                TextCatalogue.render(text, Language.EN), List.of(), "event:" + event.eventId(), null, null,
                participantIds, Actor.SYSTEM, text);
    }

    /** What the customer (or both sides of a thread) should read about a change; null when nothing. */
    static SystemText textFor(ConversationUpdated u) {
        String assignee = u.assignee() == null ? null : u.assignee().name();
        return switch (String.valueOf(u.change())) {
            case "released" -> SystemText.of("system.released");
            case "auto_released" -> SystemText.of("system.auto_released");
            case "transferred" -> assignee == null ? SystemText.of("system.transferred_anonymous")
                    : SystemText.of("system.transferred", "agent", assignee);
            case "resolved" -> SystemText.of("system.resolved");
            case "reopened" -> SystemText.of("system.reopened");
            case "closed" -> SystemText.of("system.closed");
            case "escalated" -> SystemText.of("system.escalated");
            default -> null;
        };
    }
}
