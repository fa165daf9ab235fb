package com.parley.conversation.sellerstats;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.data.domain.Sort.Direction;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import com.parley.conversation.system.Collections;
import com.parley.conversation.ticket.Conversation;
import com.parley.conversation.ticket.TicketStore;
import com.parley.events.EventCodec;
import com.parley.events.EventEnvelope;
import com.parley.events.EventPayload;
import com.parley.events.MessageSent;
import com.parley.events.Topics;
import com.parley.support.events.EventsConfiguration;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Records, from {@code chat.message.sent} of threads, one {@link ResponseSample} per buyer message and marks it
 * answered by the seller's first message after it in the same thread (consecutive buyer messages before one answer
 * are each answered by it, each measured from its own time). Idempotent on seq: a buyer message upserts its own
 * {@code <threadId>:<seq>} document; an answer only touches samples with a lower seq that are still unanswered, so
 * a redelivery finds nothing left to do. Its own consumer group, so the inbox read model and these figures do not
 * hold each other up.
 */
@Component
class ResponseSamples implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(ResponseSamples.class);

    private final MongoTemplate mongo;
    private final TicketStore store;
    private final EventCodec codec;
    private final MeterRegistry meters;
    private final DistributionSummary responseTime;

    ResponseSamples(MongoTemplate mongo, TicketStore store, EventCodec codec, MeterRegistry meters) {
        this.mongo = mongo;
        this.store = store;
        this.codec = codec;
        this.meters = meters;
        this.responseTime = DistributionSummary.builder("parley.threads.seller_response")
                .description("Seconds from a buyer message to the seller's answer")
                .baseUnit("seconds")
                .publishPercentiles(0.5, 0.9)
                .register(meters);
    }

    @Override
    public void afterSingletonsInstantiated() {
        var indexes = mongo.indexOps(Collections.RESPONSE_SAMPLES);
        indexes.createIndex(new Index().on("sellerId", Direction.ASC).on("askedAt", Direction.ASC)
                .named("seller_asked"));
        indexes.createIndex(new Index().on("threadId", Direction.ASC).on("answeredAt", Direction.ASC)
                .named("thread_unanswered"));
    }

    @KafkaListener(id = "conversation-seller-stats", containerFactory = EventsConfiguration.EVENT_LISTENER_FACTORY,
            topics = Topics.MESSAGES)
    void on(ConsumerRecord<String, byte[]> record) {
        EventEnvelope<EventPayload> event = codec.decode(record.value());
        if (event.payload() instanceof MessageSent sent
                && ("buyer".equals(sent.senderType()) || "seller".equals(sent.senderType()))) {
            apply(event, sent);
        }
    }

    void apply(EventEnvelope<EventPayload> event, MessageSent sent) {
        Optional<Conversation> found = store.find(event.conversationId());
        if (found.isEmpty() || !found.get().isThread()) {
            return;
        }
        Conversation thread = found.get();
        Instant at = (sent.createdAt() == null ? event.occurredAt() : sent.createdAt()).truncatedTo(ChronoUnit.MILLIS);
        if ("buyer".equals(sent.senderType())) {
            Query one = Query.query(Criteria.where("_id").is(thread.id() + ":" + sent.seq()));
            mongo.upsert(one, new Update().setOnInsert("threadId", thread.id()).setOnInsert("sellerId", thread.sellerId())
                    .setOnInsert("seq", sent.seq()).setOnInsert("askedAt", at), ResponseSample.class);
            return;
        }
        List<ResponseSample> waiting = mongo.find(Query.query(Criteria.where("threadId").is(thread.id())
                .and("answeredAt").is(null).and("seq").lt(sent.seq())), ResponseSample.class);
        for (ResponseSample sample : waiting) {
            Duration took = Duration.between(sample.askedAt(), at);
            long seconds = Math.max(0, took.toSeconds());
            boolean answered = mongo.updateFirst(Query.query(Criteria.where("_id").is(sample.id()).and("answeredAt")
                            .is(null)), new Update().set("answeredAt", at).set("answerSeq", sent.seq())
                            .set("responseSeconds", seconds), ResponseSample.class).getModifiedCount() > 0;
            if (answered) {
                responseTime.record(seconds);
            }
        }
        if (!waiting.isEmpty()) {
            meters.counter("parley.threads.buyer_messages_answered").increment(waiting.size());
            log.debug("Seller {} answered {} buyer message(s) in thread {}", thread.sellerId(), waiting.size(),
                    thread.id());
        }
    }
}
