package com.parley.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON serialisation of {@link EventEnvelope}s. Readers ignore fields they do not know (a newer producer
 * may have added some) and map unknown event types to {@link UnknownEvent} instead of failing.
 */
public final class EventCodec {

    private final JsonMapper mapper;

    public EventCodec() {
        this.mapper = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
                .build();
    }

    public byte[] encode(EventEnvelope<?> envelope) {
        try {
            return mapper.writeValueAsBytes(envelope);
        } catch (JacksonException e) {
            throw new EventCodecException("Cannot encode " + envelope.type() + " " + envelope.eventId(), e);
        }
    }

    public String encodeToString(EventEnvelope<?> envelope) {
        return new String(encode(envelope), StandardCharsets.UTF_8);
    }

    public EventEnvelope<EventPayload> decode(byte[] json) {
        try {
            JsonNode root = mapper.readTree(json);
            String type = requiredText(root, "type");
            JsonNode payloadNode = root.get("payload");
            if (payloadNode == null || payloadNode.isNull()) {
                throw new EventCodecException("Event " + type + " has no payload", null);
            }
            EventPayload payload = EventType.fromToken(type)
                    .<EventPayload>map(t -> mapper.treeToValue(payloadNode, t.payloadType()))
                    .orElseGet(() -> new UnknownEvent(payloadNode.toString()));
            Actor actor = root.hasNonNull("actor") ? mapper.treeToValue(root.get("actor"), Actor.class) : Actor.SYSTEM;
            return new EventEnvelope<>(
                    UUID.fromString(requiredText(root, "eventId")),
                    type,
                    root.path("version").asInt(1),
                    Instant.parse(requiredText(root, "occurredAt")),
                    requiredText(root, "conversationId"),
                    actor,
                    payload);
        } catch (JacksonException | IllegalArgumentException | java.time.format.DateTimeParseException e) {
            throw new EventCodecException("Cannot decode event: " + e.getMessage(), e);
        }
    }

    public EventEnvelope<EventPayload> decode(String json) {
        return decode(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String requiredText(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull() || node.asString().isBlank()) {
            throw new EventCodecException("Event is missing '" + field + "'", null);
        }
        return node.asString();
    }

    /** A record that is not a Parley event; consumers send it to the dead-letter topic. */
    public static final class EventCodecException extends RuntimeException {
        public EventCodecException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
