package com.parley.support.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.parley.events.EventCodec;
import com.parley.support.events.EventPublisher;
import com.parley.testsupport.SharedInfrastructure;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The relay on the real broker and MongoDB wire server: events handed over right after a write arrive and leave
 * the outbox; a backlog left behind (broker was down, an instance crashed) is swept by one relay at a time, so
 * two instances never publish one conversation's events out of order or twice.
 */
class OutboxRelayIntegrationTests {

    private static final String COLLECTION = "things";

    private final SharedInfrastructure.Endpoints infra = SharedInfrastructure.endpoints();
    private final String topic = "outbox-test-" + UUID.randomUUID();
    private MongoClient client;
    private MongoTemplate mongo;
    private KafkaTemplate<String, byte[]> kafka;
    private final List<OutboxRelay> relays = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        client = MongoClients.create(infra.mongoUri("outbox"));
        mongo = new MongoTemplate(client, "parley-test-outbox-" + UUID.randomUUID().toString().substring(0, 8));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
        }
        kafka = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 1)));
    }

    @AfterEach
    void tearDown() {
        relays.forEach(OutboxRelay::stop);
        kafka.destroy();
        client.close();
    }

    @Test
    void eventsHandedOverAfterTheWriteArriveInOrderAndLeaveTheOutbox() {
        OutboxRelay relay = relay(Duration.ofMinutes(1)); // no sweep during this test: only the direct path
        relay.start();
        List<Document> written = backlog(4, 25, Instant.now());
        for (Document doc : written) {
            relay.publish(COLLECTION, doc.get("_id"), entriesOf(doc));
        }

        assertThat(consumeUntil(100)).allSatisfy((key, numbers) ->
                assertThat(numbers).as("events of %s", key).containsExactly(sequence(25)));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(pendingDocuments()).isZero());
    }

    @Test
    void twoRelaysSweepingOneBacklogPublishEachConversationsEventsOnceAndInOrder() throws Exception {
        backlog(5, 30, Instant.now().minusSeconds(60)); // left behind a minute ago
        OutboxRelay first = relay(Duration.ofMinutes(1));
        OutboxRelay second = relay(Duration.ofMinutes(1));

        try (ExecutorService instances = Executors.newFixedThreadPool(2)) {
            List<Future<?>> running = new ArrayList<>();
            for (OutboxRelay relay : List.of(first, second)) {
                running.add(instances.submit(() -> {
                    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                    while (pendingDocuments() > 0 && System.nanoTime() < deadline) {
                        relay.sweepOnce();
                    }
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        }

        assertThat(pendingDocuments()).isZero();
        Map<String, List<Integer>> received = consumeUntil(150);
        assertThat(received).hasSize(5).allSatisfy((key, numbers) ->
                assertThat(numbers).as("events of %s, in the order consumers see them", key).containsExactly(sequence(30)));
    }

    /** Documents ordered by {@code seq}, each with one or two entries; entry n of key k carries {"k":k,"n":n}. */
    private List<Document> backlog(int keys, int perKey, Instant createdAt) {
        List<Document> docs = new ArrayList<>();
        int seq = 0;
        int[] next = new int[keys];
        while (docs.size() < keys * perKey) {
            for (int k = 0; k < keys; k++) {
                if (next[k] >= perKey) {
                    continue;
                }
                List<Document> entries = new ArrayList<>();
                int count = Math.min(perKey - next[k], 1 + (seq % 2));
                for (int i = 0; i < count; i++) {
                    int n = next[k]++;
                    entries.add(new Document("eventId", UUID.randomUUID().toString()).append("topic", topic)
                            .append("key", "k" + k).append("type", "test.event")
                            .append("json", "{\"k\":\"k" + k + "\",\"n\":" + n + "}")
                            .append("createdAt", java.util.Date.from(createdAt)));
                }
                Document doc = new Document("_id", "d" + seq).append("seq", seq++).append(Outbox.FIELD, entries);
                mongo.insert(doc, COLLECTION);
                docs.add(doc);
                for (int i = 1; i < count; i++) {
                    docs.add(doc); // counted per entry
                }
            }
        }
        return docs.stream().distinct().toList();
    }

    private static List<OutboxEntry> entriesOf(Document doc) {
        return doc.getList(Outbox.FIELD, Document.class).stream().map(e -> new OutboxEntry(e.getString("eventId"),
                e.getString("topic"), e.getString("key"), e.getString("type"), e.getString("json"),
                e.getDate("createdAt").toInstant())).toList();
    }

    private long pendingDocuments() {
        return mongo.count(new Query(Criteria.where(Outbox.FIELD + ".0").exists(true)), COLLECTION);
    }

    private OutboxRelay relay(Duration sweepInterval) {
        OutboxRelay relay = new OutboxRelay(mongo, new EventPublisher(kafka, new EventCodec(), new SimpleMeterRegistry()),
                List.of(new OutboxSource(COLLECTION, "seq")),
                new OutboxProperties(true, true, sweepInterval, sweepInterval, Duration.ofSeconds(1), Duration.ofSeconds(30), 7,
                        Duration.ofSeconds(10), Duration.ofSeconds(1)),
                new SimpleMeterRegistry());
        relays.add(relay);
        return relay;
    }

    private static Integer[] sequence(int n) {
        Integer[] all = new Integer[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        return all;
    }

    /** Reads the topic from the start until {@code expected} records arrived, then a moment more (late duplicates). */
    private Map<String, List<Integer>> consumeUntil(int expected) {
        Map<String, List<Integer>> byKey = new LinkedHashMap<>();
        int seen = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "outbox-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Document json = Document.parse(new String(record.value()));
                    byKey.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(json.getInteger("n"));
                    seen++;
                }
                if (seen >= expected && quietUntil == Long.MAX_VALUE) {
                    quietUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos(); // a late duplicate would show
                }
            }
        }
        return byKey;
    }
}
