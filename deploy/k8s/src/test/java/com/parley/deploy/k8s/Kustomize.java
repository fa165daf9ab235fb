package com.parley.deploy.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * Renders a kustomization the way {@code kubectl kustomize} does, for the subset Parley's manifests use: {@code
 * resources} (files and directories), {@code patches} (strategic-merge patch files given by {@code path}),
 * {@code namespace} and {@code images}. Anything else in a kustomization.yaml is refused, so that a feature this
 * renderer does not know cannot be silently ignored by the test; {@code KustomizeRendererTests} compares the output
 * with the real kustomize where kubectl is installed.
 *
 * <p>Strategic merge, simplified: maps merge key by key ({@code null} deletes); in built-in kinds a list whose items
 * all have a {@code name} merges item by item (containers, env, volumes, ports); every other list is replaced, as
 * kustomize does for custom resources and lists without a merge key.
 */
final class Kustomize {

    private static final Set<String> SUPPORTED = Set.of("apiVersion", "kind", "namespace", "resources", "patches", "images");
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "StorageClass", "PersistentVolume", "PriorityClass");

    private Kustomize() {
    }

    /** The resources of the kustomization in {@code dir}, as plain maps in the order kustomize would list them. */
    static List<Map<String, Object>> render(Path dir) {
        Map<String, Object> kustomization = readDocuments(dir.resolve("kustomization.yaml")).getFirst();
        for (String key : kustomization.keySet()) {
            if (!SUPPORTED.contains(key)) {
                throw new IllegalArgumentException(dir + "/kustomization.yaml: '" + key
                        + "' is not supported by the test's renderer (supported: " + SUPPORTED + ")");
            }
        }
        List<Map<String, Object>> resources = new ArrayList<>();
        for (String entry : strings(kustomization.get("resources"))) {
            Path path = dir.resolve(entry).normalize();
            resources.addAll(Files.isDirectory(path) ? render(path) : readDocuments(path));
        }
        for (Object patchEntry : list(kustomization.get("patches"))) {
            Map<String, Object> spec = map(patchEntry);
            if (spec.size() != 1 || !spec.containsKey("path")) {
                throw new IllegalArgumentException(dir + ": only 'patches: - path: <file>' is supported, not " + spec);
            }
            for (Map<String, Object> patch : readDocuments(dir.resolve((String) spec.get("path")))) {
                applyPatch(resources, patch, dir.resolve((String) spec.get("path")));
            }
        }
        Object namespace = kustomization.get("namespace");
        if (namespace != null) {
            for (Map<String, Object> resource : resources) {
                if (!CLUSTER_SCOPED.contains(resource.get("kind"))) {
                    metadata(resource).put("namespace", namespace);
                }
            }
        }
        for (Object image : list(kustomization.get("images"))) {
            setImage(resources, map(image));
        }
        return resources;
    }

    /** Every YAML document of a file as a map; comment-only documents are skipped. */
    static List<Map<String, Object>> readDocuments(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Map<String, Object>> documents = new ArrayList<>();
        for (String document : text.split("(?m)^---\\s*$")) {
            if (document.lines().allMatch(line -> line.isBlank() || line.stripLeading().startsWith("#"))) {
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> parsed = Serialization.unmarshal(document, LinkedHashMap.class);
            documents.add(parsed);
        }
        return documents;
    }

    private static void applyPatch(List<Map<String, Object>> resources, Map<String, Object> patch, Path file) {
        String kind = (String) patch.get("kind");
        String name = (String) metadata(patch).get("name");
        Map<String, Object> target = resources.stream()
                .filter(r -> kind.equals(r.get("kind")) && name.equals(metadata(r).get("name"))
                        && group(r).equals(group(patch)))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(file + ": the patch for " + kind + "/" + name
                        + " matches no resource"));
        merge(target, patch, builtIn(target));
    }

    @SuppressWarnings("unchecked")
    private static Object merge(Object base, Object patch, boolean builtIn) {
        if (base instanceof Map<?, ?> baseMap && patch instanceof Map<?, ?> patchMap) {
            Map<String, Object> into = (Map<String, Object>) baseMap;
            patchMap.forEach((key, value) -> {
                if (value == null) {
                    into.remove(key);
                } else {
                    into.put((String) key, merge(into.get(key), value, builtIn));
                }
            });
            return into;
        }
        if (builtIn && base instanceof List<?> baseList && patch instanceof List<?> patchList
                && named(baseList) && named(patchList)) {
            List<Object> merged = new ArrayList<>(baseList);
            for (Object item : patchList) {
                Object itemName = ((Map<?, ?>) item).get("name");
                Object existing = merged.stream().filter(m -> itemName.equals(((Map<?, ?>) m).get("name")))
                        .findFirst().orElse(null);
                if (existing == null) {
                    merged.add(item);
                } else {
                    merge(existing, item, true);
                }
            }
            return merged;
        }
        return patch;
    }

    private static boolean named(List<?> list) {
        return list.stream().allMatch(item -> item instanceof Map<?, ?> m && m.get("name") instanceof String);
    }

    private static void setImage(List<Map<String, Object>> resources, Map<String, Object> image) {
        String name = (String) image.get("name");
        for (Map<String, Object> resource : resources) {
            for (Map<String, Object> container : Manifests.containersOf(resource)) {
                String current = (String) container.get("image");
                if (current == null) {
                    continue;
                }
                int colon = current.lastIndexOf(':');
                boolean tagged = colon > current.lastIndexOf('/');
                String repository = tagged ? current.substring(0, colon) : current;
                String tag = tagged ? current.substring(colon + 1) : null;
                if (repository.equals(name)) {
                    String newName = Objects.requireNonNullElse((String) image.get("newName"), repository);
                    Object newTag = image.get("newTag") != null ? image.get("newTag") : tag;
                    container.put("image", newTag == null ? newName : newName + ":" + newTag);
                }
            }
        }
    }

    private static boolean builtIn(Map<String, Object> resource) {
        String group = group(resource);
        return group.isEmpty() || !group.contains(".") || group.endsWith(".k8s.io");
    }

    private static String group(Map<String, Object> resource) {
        String apiVersion = (String) resource.get("apiVersion");
        return apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> metadata(Map<String, Object> resource) {
        return (Map<String, Object>) resource.computeIfAbsent("metadata", k -> new LinkedHashMap<>());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    private static List<?> list(Object o) {
        return o == null ? List.of() : (List<?>) o;
    }

    private static List<String> strings(Object o) {
        return list(o).stream().map(String.class::cast).toList();
    }
}
