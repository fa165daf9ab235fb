package com.parley.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real Apache Kafka broker in KRaft mode (broker and controller in one node), run from Maven artifacts in a
 * child JVM: {@code kafka.tools.StorageTool format} once, then {@code kafka.Kafka}. It can be stopped and
 * started again on the same port and data, which is how tests show the outbox surviving a broker outage.
 */
public final class KafkaBrokerProcess implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private final String classpath;
    private final String maxHeap;
    private final boolean quickStart;
    private Process process;

    /**
     * @param quickStart C1 only: starts a second or two sooner, right for a test JVM's broker; the local stack's
     *                   broker runs for hours and carries the load tests, where C2 code pays for its warm-up
     */
    public KafkaBrokerProcess(Path dir, int port, int controllerPort, String classpath, String maxHeap,
                              boolean quickStart) {
        this.dir = dir.toAbsolutePath();
        this.port = port;
        this.controllerPort = controllerPort;
        this.classpath = classpath;
        this.maxHeap = maxHeap;
        this.quickStart = quickStart;
    }

    /** A broker on free ports in a fresh temporary directory, run from this JVM's classpath. */
    public static KafkaBrokerProcess onFreePorts(Path dir) {
        return new KafkaBrokerProcess(dir, Ports.free(), Ports.free(), System.getProperty("java.class.path"), "512m",
                true);
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public synchronized KafkaBrokerProcess start(Duration timeout) {
        if (process != null && process.isAlive()) {
            return this;
        }
        Ports.requireFree("Kafka", port, "KAFKA_PORT");
        Ports.requireFree("Kafka controller", controllerPort, "KAFKA_CONTROLLER_PORT");
        try {
            Path config = writeConfig();
            if (!Files.exists(dir.resolve("logs/meta.properties"))) {
                format(config);
            }
            process = java(List.of("kafka.Kafka", config.toString()), dir.resolve("broker.log")).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Kafka could not start", e);
        }
        awaitReady(timeout);
        return this;
    }

    /** Stops the broker gracefully (its data stays), as an outage would. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((Ports.accepts(port) || Ports.accepts(controllerPort)) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() {
        stop();
    }

    private Path writeConfig() throws IOException {
        Files.createDirectories(dir.resolve("logs"));
        Properties p = new Properties();
        p.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort),
                Map.entry("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                Map.entry("log.dirs", dir.resolve("logs").toString()),
                Map.entry("num.partitions", "6"),
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "6"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                Map.entry("auto.create.topics.enable", "true"),
                Map.entry("log.retention.hours", "168")));
        Path config = dir.resolve("server.properties");
        try (var out = Files.newBufferedWriter(config)) {
            p.store(out, "written by KafkaBrokerProcess");
        }
        return config;
    }

    private void format(Path config) throws IOException {
        String clusterId = Uuid.randomUuid().toString();
        Process format = java(List.of("kafka.tools.StorageTool", "format", "-t", clusterId, "-c", config.toString(),
                "--standalone"), dir.resolve("format.log")).start();
        try {
            if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
                throw new IllegalStateException("Formatting Kafka storage failed, see " + dir.resolve("format.log"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while formatting Kafka storage", e);
        }
    }

    private ProcessBuilder java(List<String> mainAndArgs, Path log) {
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(javaBin, "-Xms128m", "-Xmx" + maxHeap, "-XX:+UseSerialGC"));
        if (quickStart) {
            command.add("-XX:TieredStopAtLevel=1");
        }
        command.addAll(List.of("-Djava.awt.headless=true", "-Dlog4j2.level=WARN", "-cp", classpath));
        command.addAll(mainAndArgs);
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    }

    private void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        RuntimeException last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Kafka exited with " + process.exitValue() + ", see "
                        + dir.resolve("broker.log"));
            }
            if (Ports.accepts(port)) {
                try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000,
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000))) {
                    if (!admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    last = new IllegalStateException(e.getMessage(), e);
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for Kafka", e);
            }
        }
        throw new IllegalStateException("Kafka was not ready within " + timeout + ", see "
                + dir.resolve("broker.log"), last);
    }
}
