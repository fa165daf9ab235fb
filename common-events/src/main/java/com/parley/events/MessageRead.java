package com.parley.events;

import java.time.Instant;
import java.util.List;

/** {@code reader} has read every message of the conversation up to and including {@code upToSeq}. */
public record MessageRead(
        UserRef reader,
        String readerType,
        long upToSeq,
        Instant readAt,
        List<String> participantIds) implements EventPayload {
}
