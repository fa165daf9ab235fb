package com.parley.notification.delivery;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import com.parley.events.Topics;
import com.parley.notification.pending.PendingItem;
import com.parley.notification.pending.PendingNotification;
import com.parley.notification.system.NotificationProperties;

/**
 * Parks a notification that cannot be delivered on the dead-letter topic: each causing event as it came off
 * the wire (so it can be replayed), with headers saying for whom, on which channel, and why.
 */
@Component
class DeadLetters {

    static final String RECIPIENT_HEADER = "parley-notification-recipient";
    static final String CHANNEL_HEADER = "parley-notification-channel";
    static final String REASON_HEADER = "parley-notification-reason";
    static final String ERROR_HEADER = "parley-notification-error";
    static final String DIGEST_HEADER = "parley-notification-digest";

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final KafkaTemplate<String, byte[]> kafka;
    private final String topic;

    DeadLetters(KafkaTemplate<String, byte[]> eventKafkaTemplate, NotificationProperties properties) {
        this.kafka = eventKafkaTemplate;
        this.topic = properties.delivery().deadLetterTopic();
    }

    /** Publishes and waits for the broker; throws when it cannot, so the digest stays and is tried again. */
    void park(PendingNotification digest, String channel, String reason, String error) {
        for (PendingItem item : digest.items()) {
            String key = digest.conversationId() != null ? digest.conversationId() : digest.recipientId();
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key,
                    item.rawEvent().getBytes(StandardCharsets.UTF_8));
            Headers headers = record.headers();
            add(headers, Topics.TYPE_HEADER, item.type());
            add(headers, RECIPIENT_HEADER, digest.recipientId());
            add(headers, CHANNEL_HEADER, channel);
            add(headers, REASON_HEADER, reason);
            add(headers, ERROR_HEADER, error);
            add(headers, DIGEST_HEADER, digest.id());
            try {
                kafka.send(record).get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while dead-lettering " + digest.id(), e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("Could not dead-letter " + digest.id() + ": " + e, e);
            }
        }
        log.warn("Notification {} for {} on {} dead-lettered to {} ({}): {}", digest.id(), digest.recipientId(),
                channel, topic, reason, error);
    }

    private static void add(Headers headers, String name, String value) {
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
