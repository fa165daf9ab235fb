package com.parley.events;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The catalogue of event types: wire token, current schema version, payload class and topic.
 * The token, never a class name, goes on the wire, so producers and consumers evolve apart.
 * Within a version fields are only added; a breaking change gets a new version.
 */
public enum EventType {

    CONVERSATION_CREATED("conversation.created", 1, ConversationCreated.class, Topics.CONVERSATIONS),
    CONVERSATION_CLAIMED("conversation.claimed", 1, ConversationClaimed.class, Topics.CONVERSATIONS),
    CONVERSATION_UPDATED("conversation.updated", 1, ConversationUpdated.class, Topics.CONVERSATIONS),
    MESSAGE_SENT("chat.message.sent", 1, MessageSent.class, Topics.MESSAGES),
    MESSAGE_READ("chat.message.read", 1, MessageRead.class, Topics.MESSAGES),
    MESSAGE_UPDATED("chat.message.updated", 1, MessageUpdated.class, Topics.MESSAGES);

    private static final Map<String, EventType> BY_TOKEN =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::token, Function.identity()));
    private static final Map<Class<?>, EventType> BY_CLASS =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::payloadType, Function.identity()));

    private final String token;
    private final int version;
    private final Class<? extends EventPayload> payloadType;
    private final String topic;

    EventType(String token, int version, Class<? extends EventPayload> payloadType, String topic) {
        this.token = token;
        this.version = version;
        this.payloadType = payloadType;
        this.topic = topic;
    }

    public String token() {
        return token;
    }

    public int version() {
        return version;
    }

    public Class<? extends EventPayload> payloadType() {
        return payloadType;
    }

    public String topic() {
        return topic;
    }

    public static Optional<EventType> fromToken(String token) {
        return Optional.ofNullable(BY_TOKEN.get(token));
    }

    public static EventType of(EventPayload payload) {
        EventType type = BY_CLASS.get(payload.getClass());
        if (type == null) {
            throw new IllegalArgumentException("No event type for " + payload.getClass().getSimpleName());
        }
        return type;
    }
}
