package com.parley.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import com.parley.events.Actor;
import com.parley.events.EventCodec;
import com.parley.events.EventEnvelope;
import com.parley.events.MessageRead;
import com.parley.events.Topics;
import com.parley.events.UserRef;

/** "Exactly one event" needs a wait that a late duplicate cannot slip past. */
class EventProbeTests {

    private final EventCodec codec = new EventCodec();

    @Test
    void aDuplicateARelayPublishesAfterItsBackOffIsSeenByAwaitQuietButNotByAFixedWindow() throws Exception {
        String conversation = "probe-" + UUID.randomUUID();
        EventEnvelope<MessageRead> event = EventEnvelope.of(conversation, Actor.SYSTEM,
                new MessageRead(UserRef.of("c-1", "C"), "customer", 1, Instant.now(), List.of("c-1")), Instant.now());
        AtomicBoolean relayDone = new AtomicBoolean();
        try (EventProbe probe = EventProbe.onSharedBroker(Topics.MESSAGES);
             KafkaProducer<String, byte[]> producer = producer()) {
            send(producer, event);
            // the relay could not mark the entry published and sends it again after its back-off
            CompletableFuture<Void> retry = CompletableFuture.runAsync(() -> {
                send(producer, event);
                relayDone.set(true);
            }, CompletableFuture.delayedExecutor(2500, TimeUnit.MILLISECONDS));

            long inFixedWindow = probe.drain(Duration.ofSeconds(2)).stream()
                    .filter(e -> e.conversationId().equals(conversation)).count();
            long onceQuiet = probe.awaitQuiet(relayDone::get, Duration.ofMillis(500), Duration.ofSeconds(30)).stream()
                    .filter(e -> e.conversationId().equals(conversation)).count();
            retry.join();

            assertThat(inFixedWindow).as("a 2 s window misses the late duplicate").isEqualTo(1);
            assertThat(onceQuiet).as("awaitQuiet sees it").isEqualTo(2);
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.endpoints().kafkaBootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
    }

    private void send(KafkaProducer<String, byte[]> producer, EventEnvelope<?> event) {
        try {
            producer.send(new ProducerRecord<>(event.topic(), event.conversationId(), codec.encode(event)))
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
