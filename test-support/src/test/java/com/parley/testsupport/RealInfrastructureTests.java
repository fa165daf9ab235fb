package com.parley.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.parley.events.ConversationClaimed;
import com.parley.events.EventCodec;
import com.parley.events.EventEnvelope;
import com.parley.events.EventPayload;
import com.parley.events.Topics;
import com.parley.events.UserRef;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

/** The shared servers are real: an event crosses the broker, a document and a key survive a round trip. */
class RealInfrastructureTests {

    private final SharedInfrastructure.Endpoints infra = SharedInfrastructure.endpoints();
    private final EventCodec codec = new EventCodec();

    @Test
    void eventPublishedToTheBrokerIsConsumedIntact() throws Exception {
        EventEnvelope<ConversationClaimed> sent = EventEnvelope.of("conv-infra-1", null,
                new ConversationClaimed("T-000001", UserRef.of("s-1", "Lan"), Instant.now(), "c-1",
                        List.of("c-1", "s-1")), Instant.now());

        try (EventProbe probe = EventProbe.onSharedBroker(Topics.CONVERSATIONS);
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers(),
                     ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(sent.topic(), sent.conversationId(),
                    codec.encode(sent));
            record.headers().add(Topics.TYPE_HEADER, sent.type().getBytes(StandardCharsets.UTF_8));
            producer.send(record).get(10, TimeUnit.SECONDS);

            List<EventEnvelope<EventPayload>> received =
                    probe.await(e -> e.eventId().equals(sent.eventId()), 1, Duration.ofSeconds(20));

            assertThat(received).singleElement().isEqualTo(sent);
        }
    }

    @Test
    void mongoWireServerStoresQueriesAndEnforcesUniqueIndexes() {
        try (MongoClient client = MongoClients.create(infra.mongoUri("infra-test"))) {
            MongoCollection<Document> tickets = client.getDatabase("infra-test").getCollection("tickets");
            tickets.drop();
            tickets.createIndex(Indexes.ascending("ticketNumber"), new IndexOptions().unique(true));
            tickets.insertOne(new Document("ticketNumber", "T-1").append("status", "pending"));

            Document claimed = tickets.findOneAndUpdate(
                    Filters.and(Filters.eq("ticketNumber", "T-1"), Filters.eq("status", "pending")),
                    new Document("$set", new Document("status", "assigned")));

            assertThat(claimed).isNotNull();
            assertThat(tickets.find(Filters.eq("ticketNumber", "T-1")).first()).containsEntry("status", "assigned");
            assertThat(org.junit.jupiter.api.Assertions.assertThrows(com.mongodb.MongoWriteException.class,
                    () -> tickets.insertOne(new Document("ticketNumber", "T-1"))).getCode()).isEqualTo(11000);
        }
    }

    @Test
    void redisServerSetsAndExpiresKeys() {
        RedisClient client = RedisClient.create("redis://" + infra.redisHost() + ":" + infra.redisPort());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().set("parley:infra-test", "online", io.lettuce.core.SetArgs.Builder.px(300));
            assertThat(connection.sync().get("parley:infra-test")).isEqualTo("online");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> connection.sync().get("parley:infra-test") == null);
        } finally {
            client.shutdown();
        }
    }
}
