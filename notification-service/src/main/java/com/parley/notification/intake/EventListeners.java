package com.parley.notification.intake;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import com.parley.events.ConversationClaimed;
import com.parley.events.ConversationCreated;
import com.parley.events.EventCodec;
import com.parley.events.EventEnvelope;
import com.parley.events.EventPayload;
import com.parley.events.MessageRead;
import com.parley.events.MessageSent;
import com.parley.events.Topics;
import com.parley.support.events.EventsConfiguration;

/**
 * The two topics this service reads. Records of types it does not act on are skipped by their type header,
 * before parsing. A failure is retried with back-off and then dead-lettered to {@code <topic>-dlt} by the
 * shared listener factory.
 */
@Component
class EventListeners {

    private final EventCodec codec;
    private final NotificationIntake intake;

    EventListeners(EventCodec codec, NotificationIntake intake) {
        this.codec = codec;
        this.intake = intake;
    }

    @KafkaListener(id = "notification-messages", topics = Topics.MESSAGES, groupId = NotificationIntake.CONSUMER,
            containerFactory = EventsConfiguration.EVENT_LISTENER_FACTORY)
    void onMessageEvent(ConsumerRecord<String, byte[]> record) {
        String type = typeOf(record);
        if (type != null && !type.equals("chat.message.sent") && !type.equals("chat.message.read")) {
            return;
        }
        dispatch(record);
    }

    @KafkaListener(id = "notification-conversations", topics = Topics.CONVERSATIONS,
            groupId = NotificationIntake.CONSUMER, containerFactory = EventsConfiguration.EVENT_LISTENER_FACTORY)
    void onConversationEvent(ConsumerRecord<String, byte[]> record) {
        String type = typeOf(record);
        if (type != null && !type.equals("conversation.created") && !type.equals("conversation.claimed")) {
            return;
        }
        dispatch(record);
    }

    private void dispatch(ConsumerRecord<String, byte[]> record) {
        EventEnvelope<EventPayload> event = codec.decode(record.value());
        String raw = new String(record.value(), StandardCharsets.UTF_8);
        switch (event.payload()) {
            case MessageSent message -> intake.messageSent(event, message, record.topic(), raw);
            case MessageRead read -> intake.messageRead(event, read);
            case ConversationClaimed claim -> intake.conversationClaimed(event, claim, record.topic(), raw);
            case ConversationCreated created -> intake.conversationCreated(event, created, record.topic(), raw);
            default -> {
                // other types, or a newer producer's type this reader does not know: nothing to notify
            }
        }
    }

    private static String typeOf(ConsumerRecord<String, byte[]> record) {
        Header header = record.headers().lastHeader(Topics.TYPE_HEADER);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
