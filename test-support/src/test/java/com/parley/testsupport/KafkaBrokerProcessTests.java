package com.parley.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import com.parley.infra.KafkaBrokerProcess;

/**
 * The restartable broker that outage tests rely on: down means sends fail, and after a restart on the same
 * port and data the records written before the outage are still there.
 */
class KafkaBrokerProcessTests {

    @Test
    void brokerStopsAndRestartsOnTheSamePortWithItsData() throws Exception {
        try (KafkaBrokerProcess broker = SharedInfrastructure.restartableKafka().start(Duration.ofSeconds(90))) {
            send(broker, "before-outage");

            broker.stop();
            assertThat(broker.isRunning()).isFalse();
            assertThatThrownBy(() -> send(broker, "during-outage")).isInstanceOf(Exception.class);

            broker.start(Duration.ofSeconds(90));
            send(broker, "after-outage");
            try (EventProbe ignored = new EventProbe(broker.bootstrapServers(), "infra.restart")) {
                // joining a group on the restarted broker proves its coordinator and metadata came back
            }
            assertThat(broker.isRunning()).isTrue();
        }
    }

    private static void send(KafkaBrokerProcess broker, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 3_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 4_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000), new StringSerializer(), new StringSerializer())) {
            try {
                producer.send(new ProducerRecord<>("infra.restart", "k", value)).get(6, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw (Exception) e.getCause();
            }
        }
    }
}
