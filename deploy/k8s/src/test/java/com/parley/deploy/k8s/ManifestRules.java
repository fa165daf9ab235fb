package com.parley.deploy.k8s;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import com.parley.deploy.k8s.Manifests.Workload;

/**
 * The invariants every rendered overlay must keep. Each problem is one line, "{@code Kind/name: what is wrong}",
 * so a failing test lists all of them at once.
 */
final class ManifestRules {

    /** The one workload that may take traffic from outside the namespace. */
    static final String PUBLIC_APP = "gateway";

    private final Manifests manifests;
    private final ExternalSecrets external;
    private final Set<String> requiredTopics;
    private final List<String> problems = new ArrayList<>();

    private ManifestRules(Manifests manifests, ExternalSecrets external, Set<String> requiredTopics) {
        this.manifests = manifests;
        this.external = external;
        this.requiredTopics = requiredTopics;
    }

    static List<String> check(Manifests manifests, ExternalSecrets external, Set<String> requiredTopics) {
        ManifestRules rules = new ManifestRules(manifests, external, requiredTopics);
        rules.workloads();
        rules.services();
        rules.autoscalers();
        rules.disruptionBudgets();
        rules.networkPolicies();
        rules.ingresses();
        rules.kafka();
        rules.mongo();
        return List.copyOf(rules.problems);
    }

    private void problem(String id, String message) {
        problems.add(id + ": " + message);
    }

    // --- pods ------------------------------------------------------------------------------------------------

    private void workloads() {
        for (Workload workload : manifests.workloads()) {
            PodSpec pod = workload.template().getSpec();
            LabelSelector selector = selectorOf(workload);
            if (selector != null && !matches(selector, workload.podLabels())) {
                problem(workload.id(), "its selector does not match its own pod labels");
            }
            for (Container container : pod.getContainers()) {
                container(workload, pod, container);
            }
            for (Container container : Objects.requireNonNullElse(pod.getInitContainers(), List.<Container>of())) {
                securityOf(workload, pod, container);
                references(workload.id() + " container " + container.getName(), container);
            }
        }
    }

    private void container(Workload workload, PodSpec pod, Container container) {
        String id = workload.id() + " container " + container.getName();
        if (container.getReadinessProbe() == null) {
            problem(id, "has no readiness probe");
        }
        if (container.getLivenessProbe() == null) {
            problem(id, "has no liveness probe");
        }
        ResourceRequirements resources = container.getResources();
        for (String kind : List.of("requests", "limits")) {
            Map<String, Quantity> values = resources == null ? null
                    : kind.equals("requests") ? resources.getRequests() : resources.getLimits();
            for (String resource : List.of("cpu", "memory")) {
                if (values == null || values.get(resource) == null) {
                    problem(id, "has no " + resource + " " + kind);
                }
            }
        }
        securityOf(workload, pod, container);
        references(id, container);
    }

    private void securityOf(Workload workload, PodSpec pod, Container container) {
        String id = workload.id() + " container " + container.getName();
        SecurityContext security = container.getSecurityContext();
        PodSecurityContext podSecurity = pod.getSecurityContext();
        boolean nonRoot = security != null && security.getRunAsNonRoot() != null
                ? security.getRunAsNonRoot()
                : podSecurity != null && Boolean.TRUE.equals(podSecurity.getRunAsNonRoot());
        if (!nonRoot) {
            problem(id, "may run as root (runAsNonRoot is not true)");
        }
        if (security == null || !Boolean.TRUE.equals(security.getReadOnlyRootFilesystem())) {
            problem(id, "has a writable root filesystem (readOnlyRootFilesystem is not true)");
        } else {
            boolean tmp = Objects.requireNonNullElse(container.getVolumeMounts(), List.<io.fabric8.kubernetes.api.model.VolumeMount>of())
                    .stream().anyMatch(m -> "/tmp".equals(m.getMountPath()) && pod.getVolumes() != null
                            && pod.getVolumes().stream().anyMatch(v -> v.getName().equals(m.getName()) && v.getEmptyDir() != null));
            if (!tmp) {
                problem(id, "has a read-only root but no emptyDir mounted at /tmp");
            }
        }
    }

    private void references(String id, Container container) {
        for (EnvVar env : Objects.requireNonNullElse(container.getEnv(), List.<EnvVar>of())) {
            if (env.getValueFrom() == null) {
                continue;
            }
            var configMapKey = env.getValueFrom().getConfigMapKeyRef();
            if (configMapKey != null && !Boolean.TRUE.equals(configMapKey.getOptional())) {
                configMapKey(id, env.getName(), configMapKey.getName(), configMapKey.getKey());
            }
            var secretKey = env.getValueFrom().getSecretKeyRef();
            if (secretKey != null && !Boolean.TRUE.equals(secretKey.getOptional())) {
                secretKey(id, "env " + env.getName(), secretKey.getName(), secretKey.getKey());
            }
        }
        for (EnvFromSource from : Objects.requireNonNullElse(container.getEnvFrom(), List.<EnvFromSource>of())) {
            if (from.getConfigMapRef() != null && !Boolean.TRUE.equals(from.getConfigMapRef().getOptional())
                    && manifests.find(ConfigMap.class, from.getConfigMapRef().getName()).isEmpty()) {
                problem(id, "envFrom refers to ConfigMap " + from.getConfigMapRef().getName() + ", which does not exist");
            }
            if (from.getSecretRef() != null && !Boolean.TRUE.equals(from.getSecretRef().getOptional())) {
                secretKey(id, "envFrom", from.getSecretRef().getName(), null);
            }
        }
    }

    private void configMapKey(String id, String env, String name, String key) {
        Optional<ConfigMap> configMap = manifests.find(ConfigMap.class, name);
        if (configMap.isEmpty()) {
            problem(id, "env " + env + " refers to ConfigMap " + name + ", which does not exist");
        } else if (configMap.get().getData() == null || !configMap.get().getData().containsKey(key)) {
            problem(id, "env " + env + " refers to key " + key + " of ConfigMap " + name + ", which it does not have");
        }
    }

    /** A Secret (and key, when given) that the overlay defines or that external-secrets.yaml lists. */
    private void secretKey(String id, String what, String name, String key) {
        Optional<Secret> secret = manifests.find(Secret.class, name);
        Set<String> keys;
        if (secret.isPresent()) {
            keys = new HashSet<>();
            if (secret.get().getData() != null) {
                keys.addAll(secret.get().getData().keySet());
            }
            if (secret.get().getStringData() != null) {
                keys.addAll(secret.get().getStringData().keySet());
            }
        } else if (external.find(name).isPresent()) {
            keys = external.find(name).get().keys();
        } else {
            problem(id, what + " refers to Secret " + name + ", which is neither in the manifests nor in external-secrets.yaml");
            return;
        }
        if (key != null && !keys.contains(key)) {
            problem(id, what + " refers to key " + key + " of Secret " + name + ", which it does not have");
        }
    }

    // --- services, autoscalers, budgets ----------------------------------------------------------------------

    private void services() {
        for (Service service : manifests.all(Service.class)) {
            String id = "Service/" + service.getMetadata().getName();
            Map<String, String> selector = service.getSpec().getSelector();
            if (selector == null || selector.isEmpty()) {
                problem(id, "has no selector");
                continue;
            }
            List<Workload> selected = manifests.workloads().stream()
                    .filter(w -> w.podLabels().entrySet().containsAll(selector.entrySet())).toList();
            if (selected.isEmpty()) {
                problem(id, "selects the pods of no Deployment or StatefulSet (" + selector + ")");
                continue;
            }
            for (ServicePort port : service.getSpec().getPorts()) {
                IntOrString target = port.getTargetPort() != null ? port.getTargetPort() : new IntOrString(port.getPort());
                for (Workload workload : selected) {
                    if (!exposes(workload, target)) {
                        problem(id, "port " + port.getName() + " targets " + describe(target)
                                + ", which no container of " + workload.id() + " declares");
                    }
                }
            }
        }
    }

    private static boolean exposes(Workload workload, IntOrString target) {
        return workload.template().getSpec().getContainers().stream()
                .flatMap(c -> Objects.requireNonNullElse(c.getPorts(), List.<ContainerPort>of()).stream())
                .anyMatch(p -> target.getStrVal() != null ? target.getStrVal().equals(p.getName())
                        : target.getIntVal().equals(p.getContainerPort()));
    }

    private static String describe(IntOrString target) {
        return target.getStrVal() != null ? "'" + target.getStrVal() + "'" : String.valueOf(target.getIntVal());
    }

    private void autoscalers() {
        for (HorizontalPodAutoscaler hpa : manifests.all(HorizontalPodAutoscaler.class)) {
            var ref = hpa.getSpec().getScaleTargetRef();
            Optional<Workload> target = manifests.workloads().stream()
                    .filter(w -> w.owner().getKind().equals(ref.getKind())
                            && w.owner().getMetadata().getName().equals(ref.getName()))
                    .findFirst();
            String id = "HorizontalPodAutoscaler/" + hpa.getMetadata().getName();
            if (target.isEmpty()) {
                problem(id, "scales " + ref.getKind() + "/" + ref.getName() + ", which does not exist");
            } else if (hpa.getSpec().getMinReplicas() != null && hpa.getSpec().getMaxReplicas() < hpa.getSpec().getMinReplicas()) {
                problem(id, "has maxReplicas below minReplicas");
            }
        }
    }

    private void disruptionBudgets() {
        for (PodDisruptionBudget pdb : manifests.all(PodDisruptionBudget.class)) {
            LabelSelector selector = pdb.getSpec().getSelector();
            if (manifests.workloads().stream().noneMatch(w -> matches(selector, w.podLabels()))) {
                problem("PodDisruptionBudget/" + pdb.getMetadata().getName(), "selects the pods of no workload");
            }
        }
    }

    // --- network ----------------------------------------------------------------------------------------------

    private void networkPolicies() {
        List<NetworkPolicy> policies = manifests.all(NetworkPolicy.class);
        boolean defaultDeny = policies.stream().anyMatch(p -> isEmpty(p.getSpec().getPodSelector())
                && p.getSpec().getPolicyTypes().contains("Ingress")
                && (p.getSpec().getIngress() == null || p.getSpec().getIngress().isEmpty()));
        if (!defaultDeny) {
            problem("NetworkPolicy", "there is no default-deny ingress policy for the namespace");
        }
        for (NetworkPolicy policy : policies) {
            for (NetworkPolicyIngressRule rule : Objects.requireNonNullElse(policy.getSpec().getIngress(),
                    List.<NetworkPolicyIngressRule>of())) {
                boolean fromAnywhere = rule.getFrom() == null || rule.getFrom().isEmpty();
                if (!fromAnywhere) {
                    continue;
                }
                LabelSelector selector = policy.getSpec().getPodSelector();
                boolean onlyPublicApp = selector != null && selector.getMatchLabels() != null
                        && PUBLIC_APP.equals(selector.getMatchLabels().get("app.kubernetes.io/name"));
                if (!onlyPublicApp) {
                    problem("NetworkPolicy/" + policy.getMetadata().getName(),
                            "lets anyone in to pods other than the " + PUBLIC_APP);
                }
            }
        }
    }

    private void ingresses() {
        for (Ingress ingress : manifests.all(Ingress.class)) {
            String id = "Ingress/" + ingress.getMetadata().getName();
            for (IngressRule rule : Objects.requireNonNullElse(ingress.getSpec().getRules(), List.<IngressRule>of())) {
                rule.getHttp().getPaths().forEach(path -> backend(id, path.getBackend()));
            }
            for (IngressTLS tls : Objects.requireNonNullElse(ingress.getSpec().getTls(), List.<IngressTLS>of())) {
                secretKey(id, "tls", tls.getSecretName(), null);
            }
        }
    }

    private void backend(String id, IngressBackend backend) {
        String name = backend.getService().getName();
        Optional<Service> service = manifests.find(Service.class, name);
        if (service.isEmpty()) {
            problem(id, "routes to Service " + name + ", which does not exist");
            return;
        }
        var port = backend.getService().getPort();
        boolean known = service.get().getSpec().getPorts().stream().anyMatch(p -> port.getName() != null
                ? port.getName().equals(p.getName()) : Objects.equals(port.getNumber(), p.getPort()));
        if (!known) {
            problem(id, "routes to a port Service " + name + " does not have");
        }
    }

    // --- Kafka and MongoDB ------------------------------------------------------------------------------------

    private void kafka() {
        Set<String> clusters = new HashSet<>();
        manifests.custom("Kafka").forEach(k -> clusters.add(k.getMetadata().getName()));
        Set<String> topics = new HashSet<>();
        for (String kind : List.of("KafkaTopic", "KafkaNodePool")) {
            for (GenericKubernetesResource resource : manifests.custom(kind)) {
                String id = kind + "/" + resource.getMetadata().getName();
                String cluster = resource.getMetadata().getLabels() == null ? null
                        : resource.getMetadata().getLabels().get("strimzi.io/cluster");
                if (cluster == null || !clusters.contains(cluster)) {
                    problem(id, "belongs to Kafka cluster " + cluster + ", which does not exist");
                }
                if (kind.equals("KafkaTopic")) {
                    Object topicName = resource.get("spec", "topicName");
                    topics.add(topicName != null ? (String) topicName : resource.getMetadata().getName());
                }
            }
        }
        for (String topic : requiredTopics) {
            if (!topics.contains(topic)) {
                problem("KafkaTopic", "topic " + topic + " has no KafkaTopic resource");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void mongo() {
        for (GenericKubernetesResource mongo : manifests.custom("MongoDBCommunity")) {
            String id = "MongoDBCommunity/" + mongo.getMetadata().getName();
            Object w = mongo.get("spec", "additionalConnectionStringConfig", "w");
            if (!"majority".equals(w)) {
                problem(id, "connection strings do not ask for w=majority");
            }
            Object users = mongo.get("spec", "users");
            for (Object user : users == null ? List.of() : (Collection<Object>) users) {
                Map<String, Object> u = (Map<String, Object>) user;
                Map<String, Object> ref = (Map<String, Object>) u.get("passwordSecretRef");
                secretKey(id + " user " + u.get("name"), "passwordSecretRef",
                        (String) ref.get("name"), (String) ref.getOrDefault("key", "password"));
            }
        }
    }

    // --- selectors --------------------------------------------------------------------------------------------

    private static LabelSelector selectorOf(Workload workload) {
        return switch (workload.owner()) {
            case io.fabric8.kubernetes.api.model.apps.Deployment d -> d.getSpec().getSelector();
            case io.fabric8.kubernetes.api.model.apps.StatefulSet s -> s.getSpec().getSelector();
            case io.fabric8.kubernetes.api.model.apps.DaemonSet s -> s.getSpec().getSelector();
            default -> null;
        };
    }

    private static boolean isEmpty(LabelSelector selector) {
        return selector == null || ((selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
                && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty()));
    }

    /** matchLabels and the In / NotIn / Exists / DoesNotExist expressions. */
    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        if (selector.getMatchLabels() != null && !labels.entrySet().containsAll(selector.getMatchLabels().entrySet())) {
            return false;
        }
        for (var expression : Objects.requireNonNullElse(selector.getMatchExpressions(),
                List.<io.fabric8.kubernetes.api.model.LabelSelectorRequirement>of())) {
            String value = labels.get(expression.getKey());
            boolean ok = switch (expression.getOperator()) {
                case "In" -> value != null && expression.getValues().contains(value);
                case "NotIn" -> value == null || !expression.getValues().contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
