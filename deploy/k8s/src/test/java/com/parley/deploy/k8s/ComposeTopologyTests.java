package com.parley.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * deploy/docker/compose.yml keeps the scaled-out topology (no Docker here to run it, so it is read and checked),
 * and each rule of {@link ComposeTopology} fails once on a file broken the way someone editing it might.
 */
class ComposeTopologyTests {

    static final Path DIR = Manifests.root().resolve("../docker").normalize();
    static final Path FILE = DIR.resolve("compose.yml");

    static Map<String, Object> compose() {
        return ComposeTopology.read(FILE);
    }

    static Map<String, Object> service(Map<String, Object> compose, String name) {
        return ComposeTopology.map(ComposeTopology.map(compose.get("services")).get(name));
    }

    @Test
    void theComposeFileHasTheScaledOutTopology() {
        assertThat(ComposeTopology.violations(compose(), DIR)).isEmpty();
    }

    @Test
    void mergeKeysAreResolvedAsComposeDoes() {
        Map<String, Object> realtime2 = service(compose(), "realtime-2");
        assertThat(ComposeTopology.env(realtime2)).containsEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
                .containsEntry("REALTIME_NODE_ID", "rt-2");
        assertThat(realtime2).containsKey("healthcheck");
    }

    @Test
    void aRealtimeNodeTheGatewayDoesNotKnowIsFound() {
        Map<String, Object> compose = compose();
        ComposeTopology.env(service(compose, "gateway")).put("REALTIME_URLS", "http://realtime-1:8083");

        assertThat(ComposeTopology.violations(compose, DIR)).singleElement().asString()
                .contains("REALTIME_URLS does not name realtime-2:8083");
    }

    @Test
    void twoRealtimeNodesSharingANodeIdAreFound() {
        Map<String, Object> compose = compose();
        ComposeTopology.env(service(compose, "realtime-2")).put("REALTIME_NODE_ID", "rt-1");

        assertThat(ComposeTopology.violations(compose, DIR)).anyMatch(p -> p.contains("REALTIME_NODE_ID of its own"));
    }

    @Test
    void aSingleConversationInstanceIsFound() {
        Map<String, Object> compose = compose();
        ComposeTopology.map(compose.get("services")).remove("conversation-2");

        assertThat(ComposeTopology.violations(compose, DIR))
                .anyMatch(p -> p.contains("expected two conversation-service instances"));
    }

    @Test
    void theGatewayBypassingTheBalancerIsFound() {
        Map<String, Object> compose = compose();
        ComposeTopology.env(service(compose, "gateway")).put("CONVERSATION_URL", "http://conversation-1:8081");

        assertThat(ComposeTopology.violations(compose, DIR)).anyMatch(p -> p.contains("must point at a balancer"));
    }

    @Test
    void aMongoUriWithoutMajorityWritesIsFound() {
        Map<String, Object> compose = compose();
        ComposeTopology.env(service(compose, "messaging-service"))
                .put("MONGODB_URI", "mongodb://mongo-1:27017,mongo-2:27017,mongo-3:27017/parley-messaging?replicaSet=rs0");

        assertThat(ComposeTopology.violations(compose, DIR)).singleElement().asString()
                .contains("messaging-service MONGODB_URI needs replicaSet= and w=majority");
    }

    @Test
    void aMemberMissingFromTheReplicaSetIsFound() {
        Map<String, Object> compose = compose();
        Map<String, Object> init = service(compose, "mongo-init");
        List<Object> command = new ArrayList<>((List<?>) init.get("command"));
        command.set(command.size() - 1, command.getLast().toString().replace(", {_id: 2, host: 'mongo-3:27017'}", ""));
        init.put("command", command);

        assertThat(ComposeTopology.violations(compose, DIR)).singleElement().asString()
                .contains("rs.initiate does not list mongo-3");
    }

    @Test
    void redisWithoutPersistenceIsFound() {
        Map<String, Object> compose = compose();
        service(compose, "redis").put("command", List.of("redis-server"));

        assertThat(ComposeTopology.violations(compose, DIR)).singleElement().asString().contains("--appendonly yes");
    }

    @Test
    void aUrlNamingNoServiceIsFound() {
        Map<String, Object> compose = compose();
        ComposeTopology.env(service(compose, "notification-service")).put("MESSAGING_URL", "http://messaging:8082");

        assertThat(ComposeTopology.violations(compose, DIR)).singleElement().asString()
                .contains("names messaging, which is no service");
    }

    @Test
    void anInstancePrometheusDoesNotScrapeIsFound() {
        Map<String, Object> compose = compose();
        ComposeTopology.map(compose.get("services")).put("realtime-3", Map.of("image", "parley/realtime-service:local",
                "mem_limit", "704m", "environment", Map.of("PORT", "8083", "REALTIME_NODE_ID", "rt-3")));

        assertThat(ComposeTopology.violations(compose, DIR))
                .anyMatch(p -> p.contains("prometheus does not scrape realtime-3:8083"));
    }
}
