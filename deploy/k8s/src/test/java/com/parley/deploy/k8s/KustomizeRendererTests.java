package com.parley.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * The test's own renderer gives what the real kustomize gives ({@code kubectl kustomize}), where kubectl is
 * installed; skipped otherwise. List order inside named lists (env, containers) is ignored: kustomize puts patched-in
 * items first, the renderer last, and neither order changes what Kubernetes does here.
 */
class KustomizeRendererTests {

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/local", "overlays/production"})
    void rendersLikeKubectlKustomize(String dir) throws Exception {
        Path path = Manifests.root().resolve(dir);
        String kubectl = kubectlKustomize(path);
        assumeTrue(kubectl != null, "kubectl is not installed; the renderer is checked where it is");

        List<Object> expected = new ArrayList<>();
        for (String document : kubectl.split("(?m)^---\\s*$")) {
            if (!document.isBlank()) {
                expected.add(normalise(Serialization.unmarshal(document, LinkedHashMap.class)));
            }
        }
        List<Object> actual = new ArrayList<>();
        Kustomize.render(path).forEach(r -> actual.add(normalise(r)));

        assertThat(sorted(actual)).isEqualTo(sorted(expected));
    }

    private static String kubectlKustomize(Path dir) throws InterruptedException {
        try {
            Process process = new ProcessBuilder("kubectl", "kustomize", dir.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return null;
            }
            return out;
        } catch (IOException e) {
            return null;
        }
    }

    /** Maps sorted by key, named lists sorted by name, numbers and booleans as kustomize prints them (strings kept). */
    private static Object normalise(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), normalise(v)));
            return sorted;
        }
        if (value instanceof List<?> list) {
            List<Object> items = new ArrayList<>();
            list.forEach(item -> items.add(normalise(item)));
            if (items.stream().allMatch(i -> i instanceof Map<?, ?> m && m.get("name") instanceof String)) {
                items.sort(Comparator.comparing(i -> (String) ((Map<?, ?>) i).get("name")));
            }
            return items;
        }
        return value;
    }

    private static List<String> sorted(List<Object> resources) {
        return resources.stream().map(String::valueOf).sorted().toList();
    }
}
