package com.parley.gateway.docs;

import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Merges the services' OpenAPI documents into one: paths and tags side by side (services own disjoint
 * paths), component schemas by name (the first definition of a shared name, like ProblemDetail, wins), and
 * the gateway as the one server with bearer authentication.
 */
final class ApiDocsMerger {

    static final String BEARER = "bearerAuth";
    private final JsonMapper json = JsonMapper.builder().build();

    ObjectNode merge(List<JsonNode> documents, List<String> unavailable) {
        ObjectNode merged = json.createObjectNode();
        merged.put("openapi", documents.isEmpty() ? "3.1.0" : documents.getFirst().path("openapi").asString("3.1.0"));
        ObjectNode info = merged.putObject("info");
        info.put("title", "Parley public API");
        info.put("version", "v1");
        info.put("description", "Every REST endpoint behind the gateway, generated from the services. "
                + "Errors are RFC 9457 problem details with a stable code."
                + (unavailable.isEmpty() ? "" : " Not included (service unavailable right now): " + unavailable));
        ObjectNode paths = merged.putObject("paths");
        ObjectNode components = merged.putObject("components");
        ArrayNode tags = merged.putArray("tags");
        for (JsonNode document : documents) {
            document.path("paths").properties().forEach(path -> paths.set(path.getKey(), path.getValue()));
            document.path("components").properties().forEach(section -> {
                ObjectNode target = components.has(section.getKey())
                        ? (ObjectNode) components.get(section.getKey())
                        : components.putObject(section.getKey());
                section.getValue().properties().forEach(entry -> {
                    if (!target.has(entry.getKey())) {
                        target.set(entry.getKey(), entry.getValue());
                    }
                });
            });
            document.path("tags").forEach(tags::add);
        }
        if (!unavailable.isEmpty()) {
            ArrayNode missing = merged.putArray("x-parley-unavailable");
            unavailable.forEach(missing::add);
        }
        return servedByGateway(merged);
    }

    /** Points "Try it out" at the gateway's own origin and declares the bearer token. */
    ObjectNode servedByGateway(ObjectNode document) {
        ArrayNode servers = document.putArray("servers");
        servers.addObject().put("url", "/").put("description", "Parley gateway");
        ObjectNode components = document.has("components") && document.get("components").isObject()
                ? (ObjectNode) document.get("components") : document.putObject("components");
        ObjectNode schemes = components.has("securitySchemes") && components.get("securitySchemes").isObject()
                ? (ObjectNode) components.get("securitySchemes") : components.putObject("securitySchemes");
        if (!schemes.has(BEARER)) {
            schemes.putObject(BEARER).put("type", "http").put("scheme", "bearer").put("bearerFormat", "JWT");
        }
        if (!document.has("security")) {
            document.putArray("security").addObject().putArray(BEARER);
        }
        return document;
    }
}
