package com.parley.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;

import com.parley.events.Topics;
import com.parley.infra.KafkaBrokerProcess;
import com.parley.infra.MongoWireServer;
import com.parley.infra.RedisServerProcess;
import com.parley.infra.SmtpServer;
import com.redis.testcontainers.RedisContainer;

/**
 * The real servers integration tests run against, started lazily and once per test JVM. Where a Docker engine
 * is present they are Testcontainers (Kafka, MongoDB, Redis); otherwise embedded: a KRaft Kafka broker, the
 * MongoDB wire-protocol server and a Redis binary. {@code -Dparley.infra=embedded} forces the embedded ones.
 */
public final class SharedInfrastructure {

    private static volatile Endpoints endpoints;
    private static volatile SmtpServer smtp;

    private SharedInfrastructure() {
    }

    /** Kafka bootstrap servers, MongoDB URI base and Redis address of this JVM's servers. */
    public record Endpoints(String kafkaBootstrapServers, String mongoHostPort, String redisHost, int redisPort,
                            String kind) {

        public String mongoUri(String database) {
            return "mongodb://" + mongoHostPort + "/" + database;
        }
    }

    public static Endpoints endpoints() {
        Endpoints current = endpoints;
        if (current == null) {
            synchronized (SharedInfrastructure.class) {
                if (endpoints == null) {
                    endpoints = useDocker() ? startContainers() : startEmbedded();
                }
                current = endpoints;
            }
        }
        return current;
    }

    /** A real SMTP server (GreenMail) for this JVM. */
    public static synchronized SmtpServer smtp() {
        if (smtp == null) {
            smtp = SmtpServer.start(0);
            Runtime.getRuntime().addShutdownHook(new Thread(smtp::close));
        }
        return smtp;
    }

    /**
     * A broker of the test's own that it may stop and start again (an outage), on fixed ports and data that
     * survive the restart. The caller closes it.
     */
    public static KafkaBrokerProcess restartableKafka() {
        try {
            Path dir = Files.createTempDirectory("parley-kafka-");
            KafkaBrokerProcess broker = KafkaBrokerProcess.onFreePorts(dir);
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
            return broker;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static boolean useDocker() {
        if ("embedded".equals(System.getProperty("parley.infra"))) {
            return false;
        }
        // ask Testcontainers only where an engine could be, so machines without one log no scary errors
        boolean maybeEngine = System.getenv("DOCKER_HOST") != null
                || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(System.getProperty("user.home"), ".docker/run/docker.sock"));
        if (!maybeEngine) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }

    private static Endpoints startEmbedded() {
        EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 6, Topics.CONVERSATIONS, Topics.MESSAGES);
        kafka.brokerProperty("group.initial.rebalance.delay.ms", "0");
        kafka.afterPropertiesSet();
        MongoWireServer mongo = MongoWireServer.inMemory(0);
        int redisPort = com.parley.infra.Ports.free();
        RedisServerProcess redis = RedisServerProcess.start(redisPort, null);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            redis.close();
            mongo.close();
            kafka.destroy();
        }, "parley-test-infra-shutdown"));
        return new Endpoints(kafka.getBrokersAsString(), "127.0.0.1:" + mongo.port(), "127.0.0.1", redisPort,
                "embedded");
    }

    @SuppressWarnings("resource")
    private static Endpoints startContainers() {
        KafkaContainer kafka = new KafkaContainer("apache/kafka-native:4.1.0");
        MongoDBContainer mongo = new MongoDBContainer("mongo:8.0");
        RedisContainer redis = new RedisContainer("redis:7.4");
        kafka.start();
        mongo.start();
        redis.start();
        return new Endpoints(kafka.getBootstrapServers(),
                mongo.getHost() + ":" + mongo.getMappedPort(27017),
                redis.getHost(), redis.getFirstMappedPort(), "testcontainers");
    }
}
