package com.parley.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules catch what they claim to: each one fails once on src/test/resources/broken. */
class BrokenManifestsTests {

    @Test
    void everyBrokenInvariantIsReportedOnce() {
        Manifests broken = Manifests.render(Path.of("src/test/resources/broken").toAbsolutePath());

        List<String> problems = ManifestRules.check(broken, ExternalSecrets.NONE, Set.of("parley.orders"));

        assertThat(problems).containsExactlyInAnyOrder(
                "Deployment/app container app: has no readiness probe",
                "Deployment/app container app: has no memory limits",
                "Deployment/app container app: may run as root (runAsNonRoot is not true)",
                "Deployment/app container app: has a writable root filesystem (readOnlyRootFilesystem is not true)",
                "Deployment/app container app: env FROM_MISSING_CONFIG refers to ConfigMap missing-config, which does not exist",
                "Deployment/app container app: env WRONG_SECRET_KEY refers to key passwd of Secret app-secret, which it does not have",
                "Service/nobody: selects the pods of no Deployment or StatefulSet ({app.kubernetes.io/name=typo})",
                "Service/app: port metrics targets 'metrics', which no container of Deployment/app declares",
                "HorizontalPodAutoscaler/ghost: scales Deployment/ghost, which does not exist",
                "PodDisruptionBudget/nobody: selects the pods of no workload",
                "NetworkPolicy: there is no default-deny ingress policy for the namespace",
                "NetworkPolicy/app-public: lets anyone in to pods other than the gateway",
                "KafkaTopic/orders: belongs to Kafka cluster other-cluster, which does not exist",
                "KafkaTopic: topic parley.orders has no KafkaTopic resource",
                "MongoDBCommunity/mongo: connection strings do not ask for w=majority");
    }

    @Test
    void aSecretNobodyCreatesIsReported() {
        Manifests manifests = Manifests.render(Manifests.root().resolve("overlays/production"));

        assertThat(ManifestRules.check(manifests, ExternalSecrets.NONE, Set.of()))
                .contains("Deployment/gateway container gateway: env SPRING_DATA_REDIS_PASSWORD refers to Secret "
                        + "parley-redis, which is neither in the manifests nor in external-secrets.yaml");
    }

    @Test
    void aKustomizeFeatureTheRendererDoesNotKnowIsRefused(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("kustomization.yaml"), "resources: []\ncommonLabels:\n  team: chat\n");

        assertThatThrownBy(() -> Kustomize.render(dir)).hasMessageContaining("'commonLabels' is not supported");
    }

    @Test
    void aPatchThatMatchesNothingIsRefused(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("kustomization.yaml"), "resources: []\npatches:\n  - path: p.yaml\n");
        Files.writeString(dir.resolve("p.yaml"), "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: gone\n");

        assertThatThrownBy(() -> Kustomize.render(dir)).hasMessageContaining("Deployment/gone matches no resource");
    }
}
