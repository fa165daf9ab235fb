package com.parley.messaging.outage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextConfiguration;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.parley.events.EventCodec;
import com.parley.events.EventEnvelope;
import com.parley.events.EventPayload;
import com.parley.events.MessageSent;
import com.parley.events.Topics;
import com.parley.infra.KafkaBrokerProcess;
import com.parley.messaging.support.ConversationServiceStub;
import com.parley.testsupport.InfrastructureInitializer;
import com.parley.testsupport.ParleyIntegrationTest;
import com.parley.testsupport.SharedInfrastructure;
import com.parley.testsupport.TestHttp;
import com.parley.testsupport.TestTokens;

/**
 * Kafka is down while a message is sent: the send still succeeds (it only writes MongoDB, event included), and
 * the event reaches Kafka once the broker is back. Its own broker, and its own database so that the other tests'
 * outbox relay cannot publish this test's events elsewhere.
 */
@ParleyIntegrationTest(properties = "spring.application.name=messaging-service-outage")
@ContextConfiguration(initializers = {InfrastructureInitializer.class, BrokerOutageIntegrationTests.OwnBroker.class})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class BrokerOutageIntegrationTests {

    static final KafkaBrokerProcess BROKER = SharedInfrastructure.restartableKafka().start(Duration.ofSeconds(90));

    /** Runs after the shared infrastructure initializer and points Kafka at this test's own broker. */
    static class OwnBroker implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            TestPropertyValues.of("spring.kafka.bootstrap-servers=" + BROKER.bootstrapServers(),
                    "parley.messaging.conversation-service.base-url=" + ConversationServiceStub.get().baseUrl())
                    .applyTo(context);
        }
    }

    @AfterAll
    static void stopBroker() {
        BROKER.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    @Test
    void aMessageSentWhileKafkaIsDownIsStoredAndItsEventArrivesAfterRecovery() {
        assertThat(bootstrapServers).isEqualTo(BROKER.bootstrapServers());
        String conversation = "outage" + System.nanoTime();
        ConversationServiceStub.get().support(conversation, "pending", "cust-o", null);
        TestHttp customer = TestHttp.at(port).as(TestTokens.customer("cust-o"));

        BROKER.stop();
        TestHttp.Response sent = customer.post("/api/conversations/" + conversation + "/messages",
                Map.of("content", "Có ai không?", "clientMessageId", "o-1"));
        assertThat(sent.status()).isEqualTo(201);
        assertThat(pendingEvents(conversation)).hasSize(1);

        BROKER.start(Duration.ofSeconds(90));
        MessageSent arrived = firstSentEvent(conversation, Duration.ofSeconds(90));
        assertThat(arrived.seq()).isEqualTo(1);
        assertThat(arrived.messageId()).isEqualTo(sent.json().path("id").asString());
        await().atMost(Duration.ofSeconds(30)).until(() -> pendingEvents(conversation).isEmpty());
    }

    /** Reads the dedicated broker's topic from the beginning, so an event published before we looked counts too. */
    private static MessageSent firstSentEvent(String conversationId, Duration timeout) {
        EventCodec codec = new EventCodec();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "outage-check-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.MESSAGES));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    EventEnvelope<EventPayload> event = codec.decode(record.value());
                    if (event.conversationId().equals(conversationId) && event.payload() instanceof MessageSent sent) {
                        return sent;
                    }
                }
            }
        }
        throw new AssertionError("chat.message.sent of " + conversationId + " never reached Kafka");
    }

    @SuppressWarnings("unchecked")
    private List<Object> pendingEvents(String conversationId) {
        Map<String, Object> message = mongo.findOne(org.springframework.data.mongodb.core.query.Query.query(
                org.springframework.data.mongodb.core.query.Criteria.where("conversationId").is(conversationId)),
                Map.class, "messages");
        return message == null ? List.of() : (List<Object>) message.getOrDefault("outbox", List.of());
    }
}
