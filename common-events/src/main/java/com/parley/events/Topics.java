package com.parley.events;

/**
 * Kafka topic names, in one place. One topic per aggregate, keyed by conversationId, so a consumer
 * sees one conversation's events in the order they happened (see docs/adr/0002-topics.md).
 */
public final class Topics {

    /** conversation.created, conversation.claimed, conversation.updated */
    public static final String CONVERSATIONS = "parley.conversations";

    /** chat.message.sent, chat.message.read, chat.message.updated */
    public static final String MESSAGES = "parley.messages";

    /** Suffix of the dead-letter topic of each topic, as spring-kafka's DeadLetterPublishingRecoverer names it. */
    public static final String DEAD_LETTER_SUFFIX = "-dlt";

    /** Kafka header carrying the event type, so a consumer can skip what it ignores without parsing. */
    public static final String TYPE_HEADER = "parley-event-type";

    private Topics() {
    }
}
