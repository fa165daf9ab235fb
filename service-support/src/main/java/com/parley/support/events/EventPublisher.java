package com.parley.support.events;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;

import com.parley.events.EventCodec;
import com.parley.events.EventEnvelope;
import com.parley.events.Topics;
import com.parley.support.observability.TraceContexts;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Sends events to their topic, keyed by conversationId, with the type in a header. Callers that must not
 * lose an event go through the outbox, which calls {@link #publishAndWait}.
 */
public class EventPublisher {

    private final KafkaTemplate<String, byte[]> kafka;
    private final EventCodec codec;
    private final MeterRegistry meters;
    private final TraceContexts traces;

    public EventPublisher(KafkaTemplate<String, byte[]> kafka, EventCodec codec, MeterRegistry meters) {
        this(kafka, codec, meters, TraceContexts.NONE);
    }

    public EventPublisher(KafkaTemplate<String, byte[]> kafka, EventCodec codec, MeterRegistry meters,
                          TraceContexts traces) {
        this.kafka = kafka;
        this.codec = codec;
        this.meters = meters;
        this.traces = traces;
    }

    /** Publishes and waits for the broker's acknowledgement (acks=all), or throws. */
    public void publishAndWait(EventEnvelope<?> event, Duration timeout) {
        publishRawAndWait(event.topic(), event.conversationId(), event.type(), codec.encode(event), timeout);
    }

    /** Publishes an already-encoded event (as the outbox stores it). */
    public void publishRawAndWait(String topic, String key, String type, byte[] json, Duration timeout) {
        publishRawAndWait(topic, key, type, json, timeout, null);
    }

    /** As {@link #publishRawAndWait(String, String, String, byte[], Duration)}, in the trace {@code traceparent}. */
    public void publishRawAndWait(String topic, String key, String type, byte[] json, Duration timeout,
                                  String traceparent) {
        try {
            publishRaw(topic, key, type, json, traceparent).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailedException(type, e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof PublishFailedException failed ? failed : new PublishFailedException(type, e);
        } catch (TimeoutException e) {
            meters.counter("parley.events.publish.failures", "type", type).increment();
            throw new PublishFailedException(type, e);
        }
    }

    /**
     * Hands an already-encoded event to the producer without waiting; the future completes when the broker
     * acknowledged it (acks=all) or the producer gave up. Events sent one after another with the same key keep
     * their order (one partition, idempotent producer).
     */
    public CompletableFuture<Void> publishRaw(String topic, String key, String type, byte[] json) {
        return publishRaw(topic, key, type, json, null);
    }

    /**
     * As {@link #publishRaw(String, String, String, byte[])}, sent as part of the trace {@code traceparent} (the
     * request that wrote the event, kept in the outbox): the producer's span is its child and puts its own context
     * in the record's headers, which the consumers continue. Null: the current trace, if any.
     */
    public CompletableFuture<Void> publishRaw(String topic, String key, String type, byte[] json, String traceparent) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, json);
        record.headers().add(Topics.TYPE_HEADER, type.getBytes(StandardCharsets.UTF_8));
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        try (TraceContexts.Scope trace = traces.continueFrom(traceparent)) {
            kafka.send(record).whenComplete((result, error) -> {
                if (error == null) {
                    meters.counter("parley.events.published", "type", type).increment();
                    acknowledged.complete(null);
                } else {
                    meters.counter("parley.events.publish.failures", "type", type).increment();
                    acknowledged.completeExceptionally(new PublishFailedException(type, error));
                }
            });
        } catch (RuntimeException e) { // the producer refused at once (no metadata within max.block.ms, closed)
            meters.counter("parley.events.publish.failures", "type", type).increment();
            acknowledged.completeExceptionally(new PublishFailedException(type, e));
        }
        return acknowledged;
    }

    public static class PublishFailedException extends RuntimeException {
        PublishFailedException(String type, Throwable cause) {
            super("Could not publish " + type + ": " + cause, cause);
        }
    }
}
