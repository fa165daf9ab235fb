package com.parley.support.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.parley.events.EventCodec;
import com.parley.events.EventEnvelope;
import com.parley.events.MessageRead;
import com.parley.events.Topics;
import com.parley.events.UserRef;
import com.parley.support.events.EventsConfiguration;
import com.parley.support.outbox.Outbox;
import com.parley.support.outbox.OutboxSource;
import com.parley.support.security.CurrentUser;
import com.parley.testsupport.ParleyIntegrationTest;
import com.parley.testsupport.TestHttp;
import com.parley.testsupport.TestTokens;

import io.micrometer.tracing.Tracer;

/**
 * One trace from the request that wrote an event to the listener that consumed it, across the outbox and the real
 * broker: whether the relay sends the event right after the write, or its sweep sends it later from another
 * thread (the writing instance crashed before sending).
 */
@ParleyIntegrationTest(properties = {
        "management.tracing.sampling.probability=1.0",
        "parley.outbox.sweep-interval=200ms"})
class OutboxTracingIntegrationTests {

    /** As the gateway would send it: the trace the request belongs to. */
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    @LocalServerPort
    int port;

    @SpringBootApplication
    @Import({ThingController.class, TraceRecordingListener.class})
    static class TracedApp {

        @Bean
        OutboxSource tracedThings() {
            return new OutboxSource(ThingController.COLLECTION, "_id");
        }
    }

    /** Stores a read receipt with its event in the outbox, and hands it to the relay unless told not to. */
    @RestController
    static class ThingController {

        static final String COLLECTION = "traced_things";

        private final MongoTemplate mongo;
        private final Outbox outbox;

        ThingController(MongoTemplate mongo, Outbox outbox) {
            this.mongo = mongo;
            this.outbox = outbox;
        }

        @PostMapping("/things")
        String write(@RequestParam String conversationId, @RequestParam boolean publish, CurrentUser user) {
            // an instance that crashed right after the write: its event is old enough for the sweep to take over
            Instant occurredAt = publish ? Instant.now() : Instant.now().minus(Duration.ofMinutes(1));
            EventEnvelope<MessageRead> event = EventEnvelope.of(conversationId, user.asActor(),
                    new MessageRead(UserRef.of(user.id(), "Lan"), "customer", 1, occurredAt, List.of(user.id())),
                    occurredAt);
            mongo.findAndModify(Query.query(Criteria.where("_id").is(conversationId)),
                    outbox.append(new Update().set("upToSeq", 1), event),
                    FindAndModifyOptions.options().upsert(true), Map.class, COLLECTION);
            if (publish) {
                outbox.publish(COLLECTION, conversationId, event);
            }
            return event.eventId().toString();
        }
    }

    /** What a consumer elsewhere sees: the trace id current while it handles each event. */
    static class TraceRecordingListener {

        static final Map<String, String> traceIdByConversation = new ConcurrentHashMap<>();

        private final Tracer tracer;
        private final EventCodec codec;

        TraceRecordingListener(Tracer tracer, EventCodec codec) {
            this.tracer = tracer;
            this.codec = codec;
        }

        @KafkaListener(topics = Topics.MESSAGES, groupId = "outbox-tracing-test",
                containerFactory = EventsConfiguration.EVENT_LISTENER_FACTORY)
        void on(ConsumerRecord<String, byte[]> record) {
            String conversationId = codec.decode(record.value()).conversationId();
            var span = tracer.currentSpan();
            traceIdByConversation.put(conversationId, span == null ? "none" : span.context().traceId());
        }
    }

    @Test
    void theConsumerOfAnEventSentRightAfterTheWriteContinuesTheWritersTrace() {
        String conversationId = write(true);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(TraceRecordingListener.traceIdByConversation).containsEntry(conversationId, TRACE_ID));
    }

    @Test
    void theConsumerOfAnEventTheSweepSentLaterStillContinuesTheWritersTrace() {
        String conversationId = write(false);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(TraceRecordingListener.traceIdByConversation).containsEntry(conversationId, TRACE_ID));
    }

    private String write(boolean publish) {
        String conversationId = "c-" + UUID.randomUUID();
        TestHttp caller = TestHttp.at(port).as(TestTokens.customer("c-1"));
        TestHttp.Response response = caller.send(caller.request("/things?conversationId=" + conversationId
                        + "&publish=" + publish)
                .header("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return conversationId;
    }
}
