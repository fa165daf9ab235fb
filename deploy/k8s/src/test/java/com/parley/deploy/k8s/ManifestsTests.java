package com.parley.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

import com.parley.events.Topics;

/** Every overlay renders and keeps the invariants of {@link ManifestRules}; the secrets list is honest. */
class ManifestsTests {

    static final Path ROOT = Manifests.root();
    static final ExternalSecrets EXTERNAL = ExternalSecrets.read(ROOT.resolve("external-secrets.yaml"));

    /** The event contract's topics and the dead-letter topic of each, as the listeners name them. */
    static Set<String> contractTopics() {
        Set<String> topics = new HashSet<>();
        for (Field field : Topics.class.getFields()) {
            try {
                if (Modifier.isStatic(field.getModifiers()) && field.get(null) instanceof String value
                        && value.startsWith("parley.")) {
                    topics.add(value);
                    topics.add(value + Topics.DEAD_LETTER_SUFFIX);
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        return topics;
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "production"})
    void everyOverlayKeepsTheInvariants(String overlay) {
        Manifests manifests = Manifests.render(ROOT.resolve("overlays").resolve(overlay));

        assertThat(ManifestRules.check(manifests, EXTERNAL, contractTopics())).isEmpty();
        assertThat(manifests.workloads()).extracting(Manifests.Workload::id)
                .contains("Deployment/gateway", "Deployment/conversation-service", "Deployment/messaging-service",
                        "StatefulSet/realtime-service", "Deployment/notification-service", "StatefulSet/parley-redis");
        assertThat(manifests.resources()).allSatisfy(r -> assertThat(r.getMetadata().getNamespace())
                .as(r.getKind() + "/" + r.getMetadata().getName()).isIn("parley", null));
    }

    @Test
    void theEventContractsTopicsIncludeTheDeadLetterTopics() {
        assertThat(contractTopics()).contains("parley.conversations", "parley.conversations-dlt",
                "parley.messages", "parley.messages-dlt");
    }

    @Test
    void realtimeNodeIdIsTheStablePodName() {
        StatefulSet realtime = Manifests.render(ROOT.resolve("overlays/production"))
                .find(StatefulSet.class, "realtime-service").orElseThrow();
        Container container = realtime.getSpec().getTemplate().getSpec().getContainers().getFirst();
        EnvVar nodeId = container.getEnv().stream().filter(e -> e.getName().equals("REALTIME_NODE_ID")).findFirst()
                .orElseThrow();
        assertThat(nodeId.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
        // a socket gets 1001 and time to reconnect elsewhere before the pod is killed
        assertThat(realtime.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds()).isGreaterThan(40);
        assertThat(container.getLifecycle().getPreStop().getSleep().getSeconds()).isPositive();
    }

    @Test
    @SuppressWarnings("unchecked")
    void operatorWrittenSecretsComeFromAMongoUser() {
        Set<String> written = new HashSet<>();
        for (GenericKubernetesResource mongo : Manifests.render(ROOT.resolve("base")).custom("MongoDBCommunity")) {
            for (Object user : (List<Object>) mongo.get("spec", "users")) {
                written.add((String) ((Map<String, Object>) user).get("connectionStringSecretName"));
            }
        }
        assertThat(EXTERNAL.from(ExternalSecrets.Source.OPERATOR)).extracting(ExternalSecrets.Entry::name)
                .isNotEmpty().allSatisfy(name -> assertThat(written).contains(name));
    }

    @Test
    void manualSecretsAreDocumentedAndHaveLocalValues() throws IOException {
        String readme = Files.readString(ROOT.resolve("../README.md"));
        Manifests local = Manifests.render(ROOT.resolve("overlays/local"));
        for (ExternalSecrets.Entry entry : EXTERNAL.from(ExternalSecrets.Source.MANUAL)) {
            assertThat(readme).as("deploy/README.md tells how to create " + entry.name()).contains(entry.name());
            if (entry.inLocalOverlay()) {
                Secret secret = local.find(Secret.class, entry.name()).orElse(null);
                assertThat(secret).as("the local overlay defines " + entry.name()).isNotNull();
                assertThat(secret.getStringData().keySet()).containsExactlyInAnyOrderElementsOf(entry.keys());
            }
        }
    }

    @Test
    void productionKeepsNoSecretsInTheRepository() {
        assertThat(Manifests.render(ROOT.resolve("overlays/production")).all(Secret.class)).isEmpty();
    }
}
