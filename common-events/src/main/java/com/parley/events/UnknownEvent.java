package com.parley.events;

/**
 * A payload of a type this reader does not know (a newer producer). Readers skip it rather than fail,
 * so producers can ship new event types first.
 */
public record UnknownEvent(String rawJson) implements EventPayload {
}
