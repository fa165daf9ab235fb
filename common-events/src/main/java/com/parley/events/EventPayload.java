package com.parley.events;

/** The body of an event. Each payload type has one stable wire type token, see {@link EventType}. */
public sealed interface EventPayload
        permits ConversationCreated, ConversationClaimed, ConversationUpdated, MessageSent, MessageRead, MessageUpdated,
        UnknownEvent {
}
