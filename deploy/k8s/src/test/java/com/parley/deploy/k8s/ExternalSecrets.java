package com.parley.deploy.k8s;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** external-secrets.yaml: Secrets the manifests refer to that an operator or a person creates. */
record ExternalSecrets(List<Entry> entries) {

    enum Source { OPERATOR, MANUAL }

    record Entry(String name, Set<String> keys, Source source, boolean inLocalOverlay) {
    }

    static final ExternalSecrets NONE = new ExternalSecrets(List.of());

    @SuppressWarnings("unchecked")
    static ExternalSecrets read(Path file) {
        Map<String, Object> document = Kustomize.readDocuments(file).getFirst();
        List<Entry> entries = new ArrayList<>();
        for (Source source : Source.values()) {
            for (Object item : (List<Object>) document.getOrDefault(source.name().toLowerCase(), List.of())) {
                Map<String, Object> entry = (Map<String, Object>) item;
                entries.add(new Entry((String) entry.get("name"), Set.copyOf((List<String>) entry.get("keys")), source,
                        !Boolean.FALSE.equals(entry.get("localOverlay"))));
            }
        }
        return new ExternalSecrets(List.copyOf(entries));
    }

    Optional<Entry> find(String name) {
        return entries.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    List<Entry> from(Source source) {
        return entries.stream().filter(e -> e.source() == source).toList();
    }
}
