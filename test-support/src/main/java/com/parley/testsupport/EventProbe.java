package com.parley.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import com.parley.events.EventCodec;
import com.parley.events.EventEnvelope;
import com.parley.events.EventPayload;

/**
 * Reads what really reached the broker, for assertions: subscribes to topics from the end at creation time
 * and collects decoded events until closed. Waits poll with a deadline, never sleep a fixed time.
 * <p>
 * One probe for a whole test class: {@code @RegisterExtension static final EventProbe probe =
 * EventProbe.onSharedBroker(Topics.CONVERSATIONS);} listens from before the first test and is closed after the last.
 */
public final class EventProbe implements AutoCloseable, AfterAllCallback {

    /** Longer than a relay's first retry, and than a record takes from a producer to this probe. */
    public static final Duration QUIET_PERIOD = Duration.ofMillis(1500);

    private final KafkaConsumer<String, byte[]> consumer;
    private final EventCodec codec = new EventCodec();
    private final List<EventEnvelope<EventPayload>> received = new CopyOnWriteArrayList<>();

    public EventProbe(String bootstrapServers, String... topics) {
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topics));
        // join the group and get partitions before the test acts, so nothing published afterwards is missed
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (consumer.assignment().isEmpty() && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(100));
        }
        consumer.seekToEnd(consumer.assignment());
        consumer.assignment().forEach(consumer::position);
    }

    public static EventProbe onSharedBroker(String... topics) {
        return new EventProbe(SharedInfrastructure.endpoints().kafkaBootstrapServers(), topics);
    }

    /** Polls until {@code count} events match (or the timeout passes) and returns the matching ones. */
    public synchronized List<EventEnvelope<EventPayload>> await(Predicate<EventEnvelope<EventPayload>> matching,
                                                               int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<EventEnvelope<EventPayload>> matches = received.stream().filter(matching).toList();
            if (matches.size() >= count || System.nanoTime() > deadline) {
                return matches;
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                received.add(codec.decode(record.value()));
            }
        }
    }

    /**
     * Everything received, once the producers can publish nothing more: polls until {@code settled} holds (e.g.
     * {@link Outboxes#drained}: no outbox entry left that a relay could publish, or publish again) and then nothing
     * new has arrived for {@code quietPeriod}; fails when that takes longer than {@code timeout}. Use this, not a
     * fixed window, for "exactly N events" assertions: a relay's duplicate can come after its back-off (seconds),
     * and a fixed window shorter than that lets it pass unseen.
     */
    public synchronized List<EventEnvelope<EventPayload>> awaitQuiet(BooleanSupplier settled, Duration quietPeriod,
                                                                    Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long quietSince = System.nanoTime();
        while (true) {
            boolean got = false;
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                received.add(codec.decode(record.value()));
                got = true;
            }
            if (got || !settled.getAsBoolean()) {
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince >= quietPeriod.toNanos()) {
                return new ArrayList<>(received);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Events did not settle within " + timeout + " (received " + received.size()
                        + " so far)");
            }
        }
    }

    /** {@link #awaitQuiet(BooleanSupplier, Duration, Duration)} with the default quiet period and timeout. */
    public List<EventEnvelope<EventPayload>> awaitQuiet(BooleanSupplier settled) {
        return awaitQuiet(settled, QUIET_PERIOD, Duration.ofSeconds(60));
    }

    /** Everything received so far, after polling for {@code quietPeriod} more. */
    public synchronized List<EventEnvelope<EventPayload>> drain(Duration quietPeriod) {
        long deadline = System.nanoTime() + quietPeriod.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                received.add(codec.decode(record.value()));
            }
        }
        return new ArrayList<>(received);
    }

    public static Predicate<EventEnvelope<EventPayload>> ofType(String type) {
        return event -> event.type().equals(type);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public synchronized void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
