package com.parley.deploy.k8s;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;

/** A rendered overlay as fabric8 model objects (custom resources such as Strimzi's stay generic). */
record Manifests(List<HasMetadata> resources) {

    /** Where the manifests live, from the module's folder (Surefire's working directory) or the repository root. */
    static Path root() {
        Path here = Path.of("").toAbsolutePath();
        return here.endsWith(Path.of("deploy", "k8s")) ? here : here.resolve("deploy/k8s");
    }

    static Manifests render(Path kustomizationDir) {
        return of(Kustomize.render(kustomizationDir));
    }

    static Manifests of(List<Map<String, Object>> maps) {
        List<HasMetadata> typed = new ArrayList<>();
        for (Map<String, Object> map : maps) {
            KubernetesResource resource = Serialization.unmarshal(Serialization.asJson(map), KubernetesResource.class);
            typed.add((HasMetadata) resource);
        }
        return new Manifests(List.copyOf(typed));
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    List<GenericKubernetesResource> custom(String kind) {
        return all(GenericKubernetesResource.class).stream().filter(r -> kind.equals(r.getKind())).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(r -> name.equals(r.getMetadata().getName())).findFirst();
    }

    /** Deployments, StatefulSets, DaemonSets and Jobs: whatever runs pods from a template. */
    List<Workload> workloads() {
        List<Workload> workloads = new ArrayList<>();
        all(Deployment.class).forEach(d -> workloads.add(new Workload(d, d.getSpec().getTemplate())));
        all(StatefulSet.class).forEach(s -> workloads.add(new Workload(s, s.getSpec().getTemplate())));
        all(DaemonSet.class).forEach(s -> workloads.add(new Workload(s, s.getSpec().getTemplate())));
        all(Job.class).forEach(j -> workloads.add(new Workload(j, j.getSpec().getTemplate())));
        return workloads;
    }

    record Workload(HasMetadata owner, PodTemplateSpec template) {
        String id() {
            return owner.getKind() + "/" + owner.getMetadata().getName();
        }

        Map<String, String> podLabels() {
            Map<String, String> labels = template.getMetadata() == null ? null : template.getMetadata().getLabels();
            return labels == null ? Map.of() : labels;
        }
    }

    /** The containers (and init containers) of a resource's pod template, as maps, for the image transformer. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> containersOf(Map<String, Object> resource) {
        Object spec = resource.get("spec");
        if (!(spec instanceof Map<?, ?> specMap) || !(specMap.get("template") instanceof Map<?, ?> template)
                || !(template.get("spec") instanceof Map<?, ?> podSpec)) {
            return List.of();
        }
        List<Map<String, Object>> containers = new ArrayList<>();
        for (String key : List.of("initContainers", "containers")) {
            if (podSpec.get(key) instanceof List<?> list) {
                list.forEach(c -> containers.add((Map<String, Object>) c));
            }
        }
        return containers;
    }
}
