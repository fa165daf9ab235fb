package com.parley.conversation.readmodel;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import com.parley.events.EventCodec;
import com.parley.events.EventEnvelope;
import com.parley.events.EventPayload;
import com.parley.events.MessageRead;
import com.parley.events.MessageSent;
import com.parley.events.MessageUpdated;
import com.parley.events.Topics;
import com.parley.support.events.EventsConfiguration;

/**
 * Keeps the conversation read model (last message, unread counts, first response, automatic reopen) current from
 * messaging-service's events. A record that is not an event goes to {@code parley.messages-dlt} (shared error
 * handler); unknown event types are ignored.
 */
@Component
class ChatEventsListener {

    private final EventCodec codec;
    private final ReadModelUpdater updater;

    ChatEventsListener(EventCodec codec, ReadModelUpdater updater) {
        this.codec = codec;
        this.updater = updater;
    }

    @KafkaListener(id = "conversation-read-model", containerFactory = EventsConfiguration.EVENT_LISTENER_FACTORY,
            topics = Topics.MESSAGES)
    void on(ConsumerRecord<String, byte[]> record) {
        EventEnvelope<EventPayload> event = codec.decode(record.value());
        switch (event.payload()) {
            case MessageSent sent -> updater.messageSent(event, sent);
            case MessageRead read -> updater.messageRead(event, read);
            case MessageUpdated updated -> updater.messageUpdated(event, updated);
            default -> {
                // unknown types do not change the list view
            }
        }
    }
}
