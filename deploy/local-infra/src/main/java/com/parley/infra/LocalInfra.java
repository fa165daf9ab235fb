package com.parley.infra;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the infrastructure of the local stack: a Kafka broker (child JVM), the MongoDB wire server (data on
 * disk), Redis (child process) and SMTP with a mail viewer. Ports come from the environment; {@code
 * deploy/local/run.sh} starts this first and the services after it.
 *
 * <p>The arguments name the components this process runs ({@code kafka mongo redis smtp}; none: all of them).
 * run.sh starts one process per component so that the fault suite can freeze or kill exactly one of them
 * (the MongoDB wire server lives inside this JVM; Kafka and Redis die with it when its process group is killed).
 */
public final class LocalInfra {

    public static void main(String[] args) throws Exception {
        Path data = Path.of(env("PARLEY_DATA_DIR", "deploy/local/.data"));
        int kafkaPort = port("KAFKA_PORT", 9092);
        int controllerPort = port("KAFKA_CONTROLLER_PORT", 9093);
        int mongoPort = port("MONGO_PORT", 27017);
        int redisPort = port("REDIS_PORT", 6379);
        int smtpPort = port("SMTP_PORT", 2525);
        int mailViewerPort = port("MAIL_VIEWER_PORT", 8025);

        Set<String> components = args.length == 0 ? Set.of("kafka", "mongo", "redis", "smtp") : Set.of(args);
        for (String component : components) {
            if (!List.of("kafka", "mongo", "redis", "smtp").contains(component)) {
                System.err.println("[local-infra] unknown component " + component + " (kafka, mongo, redis, smtp)");
                System.exit(2);
            }
        }
        Deque<AutoCloseable> started = new ArrayDeque<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> closeAll(started), "local-infra-shutdown"));
        try {
            if (components.contains("mongo")) {
                Ports.requireFree("MongoDB wire server", mongoPort, "MONGO_PORT");
                started.push(MongoWireServer.onDisk(data.resolve("mongo/parley.mv"), mongoPort));
                log("MongoDB wire server on 127.0.0.1:" + mongoPort + " (data in " + data.resolve("mongo") + ")");
            }
            if (components.contains("redis")) {
                Ports.requireFree("Redis", redisPort, "REDIS_PORT");
                started.push(RedisServerProcess.start(redisPort, data.resolve("redis")));
                log("Redis on 127.0.0.1:" + redisPort);
            }
            if (components.contains("smtp")) {
                Ports.requireFree("SMTP", smtpPort, "SMTP_PORT");
                Ports.requireFree("Mail viewer", mailViewerPort, "MAIL_VIEWER_PORT");
                started.push(SmtpServer.start(smtpPort).withViewer(mailViewerPort));
                log("SMTP on 127.0.0.1:" + smtpPort + ", sent mail at http://localhost:" + mailViewerPort);
            }
            if (components.contains("kafka")) {
                KafkaBrokerProcess kafka = new KafkaBrokerProcess(data.resolve("kafka"), kafkaPort, controllerPort,
                        System.getProperty("java.class.path"), "512m", false);
                started.push(kafka);
                kafka.start(Duration.ofSeconds(90));
                log("Kafka (KRaft) on " + kafka.bootstrapServers());
            }
            log("READY");
        } catch (Ports.PortInUseException e) {
            System.err.println("[local-infra] " + e.getMessage());
            System.exit(2);
        } catch (RuntimeException e) {
            System.err.println("[local-infra] could not start: " + e.getMessage());
            System.exit(1);
        }
        new CountDownLatch(1).await();
    }

    private static void closeAll(Deque<AutoCloseable> started) {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                System.err.println("[local-infra] stopping: " + e.getMessage());
            }
        }
        log("stopped");
    }

    private static int port(String name, int fallback) {
        String value = env(name, String.valueOf(fallback));
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            System.err.println("[local-infra] " + name + "=" + value + " is not a port number");
            System.exit(2);
            return -1;
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static void log(String message) {
        System.out.println("[local-infra] " + message);
    }
}
