package com.parley.conversation.claim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;

import com.parley.conversation.Api;
import com.parley.conversation.ConversationIntegrationTest;
import com.parley.conversation.ticket.Conversation;
import com.parley.events.ConversationClaimed;
import com.parley.events.EventCodec;
import com.parley.events.EventEnvelope;
import com.parley.events.EventPayload;
import com.parley.events.Topics;
import com.parley.infra.KafkaBrokerProcess;
import com.parley.testsupport.SharedInfrastructure;
import com.parley.testsupport.TestHttp;
import com.parley.testsupport.TestTokens;

/**
 * A claim MongoDB accepted reaches Kafka even though the broker was down when it happened: the service runs
 * against a broker of this test's own (and a database of its own, so the main test context's relay cannot publish
 * these events elsewhere); the test stops that broker, claims, starts it again, and finds the event on it.
 * This second context also turns the per-staff capacity limit on (2), so that rule is tested without a third one.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = ClaimSurvivesBrokerOutageTests.OwnBroker.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ClaimSurvivesBrokerOutageTests extends ConversationIntegrationTest {

    static volatile KafkaBrokerProcess broker;

    /** The shared MongoDB (own database) and a restartable broker, started before the context. */
    static class OwnBroker implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            if (broker == null) {
                broker = SharedInfrastructure.restartableKafka().start(Duration.ofSeconds(120));
            }
            SharedInfrastructure.Endpoints infra = SharedInfrastructure.endpoints();
            TestPropertyValues.of(
                    "spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                    "spring.mongodb.uri=" + infra.mongoUri("parley-test-conversation-outage"),
                    "spring.data.redis.host=" + infra.redisHost(),
                    "spring.data.redis.port=" + infra.redisPort(),
                    "parley.security.jwt.jwk-set-uri=",
                    "parley.security.jwt.public-key=" + TestTokens.publicKeyPem(),
                    "spring.kafka.consumer.auto-offset-reset=earliest",
                    "parley.outbox.max-backoff=2s",
                    "parley.conversation.claim.max-active-per-staff=2",
                    "logging.structured.format.console=")
                    .applyTo(context);
        }
    }

    @Test
    void aClaimMadeWhileKafkaIsDownIsPublishedWhenItComesBack() {
        String customer = Api.unique("c");
        String id = api.open(customer, "urgent");
        assertThat(readUntil(e -> e.conversationId().equals(id), Duration.ofSeconds(60)))
                .as("created event before the outage").isNotEmpty();

        broker.stop();
        TestHttp.Response claimed = api.staff("s-outage").put("/api/conversations/" + id + "/seen", null);

        assertThat(claimed.status()).as(claimed.toString()).isEqualTo(200);
        assertThat(claimed.json().path("assignedTo").path("id").asString()).isEqualTo("s-outage");
        assertThat(mongo.findById(id, Conversation.class).outbox()).as("event waits in the outbox")
                .singleElement().satisfies(entry -> assertThat(entry.type()).isEqualTo("conversation.claimed"));

        broker.start(Duration.ofSeconds(120));

        List<EventEnvelope<EventPayload>> events = readUntil(e -> e.conversationId().equals(id)
                && e.type().equals("conversation.claimed"), Duration.ofMinutes(2));
        assertThat(events).isNotEmpty().allSatisfy(e -> assertThat(e.payload())
                .isInstanceOfSatisfying(ConversationClaimed.class,
                        c -> assertThat(c.claimedBy().id()).isEqualTo("s-outage")));
        // at least once: a send that timed out during the outage may still be delivered from the producer's buffer
        // when the broker returns, besides the relay's retry; it is the same event (eventId), which consumers dedupe
        assertThat(events.stream().map(EventEnvelope::eventId).distinct()).hasSize(1);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(mongo.findById(id, Conversation.class).outbox()).isEmpty());
    }

    @Test
    void aClaimBeyondTheStaffCapacityIsRefusedWithItsOwnCodeUntilATicketIsResolved() {
        String staff = Api.unique("s");
        String first = api.openAndClaim(Api.unique("c"), staff);
        api.openAndClaim(Api.unique("c"), staff);
        String third = api.open(Api.unique("c"), "high");

        TestHttp.Response refused = api.staff(staff).put("/api/conversations/" + third + "/seen", null);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.code()).isEqualTo("staff_at_capacity");
        assertThat(refused.json().path("maxActiveTickets").asInt()).isEqualTo(2);
        assertThat(mongo.findById(third, Conversation.class).status()).isEqualTo("pending");
        assertThat(api.staff(staff).post("/api/conversations/" + first + "/resolve", null).status()).isEqualTo(200);
        assertThat(api.staff(staff).put("/api/conversations/" + third + "/seen", null).status()).isEqualTo(200);
    }

    /** Reads the conversations topic from the beginning until something matches (the broker may just have restarted). */
    private static List<EventEnvelope<EventPayload>> readUntil(Predicate<EventEnvelope<EventPayload>> matching,
                                                               Duration timeout) {
        EventCodec codec = new EventCodec();
        List<EventEnvelope<EventPayload>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "outage-test-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            long deadline = System.nanoTime() + timeout.toNanos();
            List<TopicPartition> partitions = List.of();
            while (partitions.isEmpty() && System.nanoTime() < deadline) {
                partitions = consumer.partitionsFor(Topics.CONVERSATIONS, Duration.ofSeconds(5)).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (found.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    EventEnvelope<EventPayload> event = codec.decode(record.value());
                    if (matching.test(event)) {
                        found.add(event);
                    }
                }
            }
            // anything else already there for the same predicate (a duplicate would show up here)
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                EventEnvelope<EventPayload> event = codec.decode(record.value());
                if (matching.test(event)) {
                    found.add(event);
                }
            }
        }
        return found;
    }
}
