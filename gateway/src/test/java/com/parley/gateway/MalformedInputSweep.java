package com.parley.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 6's scripted pass of malformed inputs, through the gateway, against a running local stack (real
 * services): bad JSON, wrong types, huge strings, unicode edge cases and NoSQL operator injection in bodies, ids
 * and filters. Every input must get a 4xx (never a 5xx; never a 2xx for a write), and the conversation the sweep
 * set up must be unchanged afterwards. Skipped unless a base URL is given:
 * <pre>
 * deploy/local/run.sh   # in another terminal
 * cd gateway &amp;&amp; ../mvnw test -Dtest=MalformedInputSweep -Dparley.sweep.baseUrl=http://localhost:8080
 * </pre>
 * It prints how many inputs it tried and the statuses they got.
 */
@EnabledIfSystemProperty(named = "parley.sweep.baseUrl", matches = ".+")
class MalformedInputSweep {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();

    private final String base = System.getProperty("parley.sweep.baseUrl").replaceAll("/$", "");
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    record Input(String what, String token, String method, String path, String contentType, byte[] body,
                 boolean mayBeIgnored) {
    }

    record Outcome(Input input, int status, String body) {
    }

    @Test
    void everyMalformedInputGetsA4xxAndWritesNothing() {
        String customer = token("sweep-customer-" + run, "CUSTOMER");
        String staff = token("sweep-staff-" + run, "STAFF");
        String buyer = token("sweep-buyer-" + run, "BUYER");
        String admin = token("sweep-admin-" + run, "ADMIN");

        // a real ticket with one message, so that validation (not "not found") is what answers
        JsonNode ticket = call(customer, "POST", "/api/conversations",
                "{\"subject\":\"Sweep " + run + "\",\"message\":\"Hello from the sweep\"}").json();
        String ticketId = ticket.path("id").asString();
        assertThat(ticketId).as("ticket created: " + ticket).isNotBlank();
        call(staff, "PUT", "/api/conversations/" + ticketId + "/seen", null);
        JsonNode sent = call(customer, "POST", "/api/conversations/" + ticketId + "/messages",
                "{\"content\":\"a real message\",\"clientMessageId\":\"sweep-" + run + "\"}").json();
        String messageId = sent.path("id").asString("m-unknown");
        Map<String, String> before = snapshot(admin, ticketId);

        List<Input> inputs = new ArrayList<>();
        bodies(inputs, customer, "POST", "/api/conversations", List.of("subject", "message", "orderId", "priority", "tags"));
        bodies(inputs, customer, "POST", "/api/conversations/" + ticketId + "/messages",
                List.of("content", "type", "clientMessageId", "replyTo", "attachments"));
        bodies(inputs, customer, "PATCH", "/api/conversations/" + ticketId + "/messages/" + messageId, List.of("content"));
        bodies(inputs, customer, "POST", "/api/conversations/" + ticketId + "/read", List.of("upToSeq"));
        bodies(inputs, staff, "POST", "/api/conversations/" + ticketId + "/transfer", List.of("toStaffId", "staffId"));
        bodies(inputs, buyer, "POST", "/api/chat/threads", List.of("sellerId", "productId", "orderId"));
        bodies(inputs, customer, "PUT", "/api/notifications/preferences", List.of("email", "channels", "quietHours"));
        bodies(inputs, customer, "POST", "/api/notifications/push-subscriptions", List.of("endpoint", "keys"));
        ids(inputs, admin, "GET", "/api/conversations/%s");
        ids(inputs, staff, "PUT", "/api/conversations/%s/seen");
        for (String action : List.of("resolve", "close", "reopen", "release")) {
            ids(inputs, staff, "POST", "/api/conversations/%s/" + action);
        }
        ids(inputs, customer, "GET", "/api/conversations/%s/messages");
        ids(inputs, customer, "POST", "/api/conversations/%s/read");
        ids(inputs, customer, "GET", "/api/attachments/%s");
        filters(inputs, staff, "/api/conversations", List.of("view", "cursor", "limit"));
        filters(inputs, customer, "/api/conversations/" + ticketId + "/messages", List.of("before", "after", "limit"));
        filters(inputs, staff, "/api/conversations/stats", List.of("from", "to"));
        filters(inputs, buyer, "/api/chat/threads", List.of("cursor", "limit"));

        List<Outcome> outcomes = inputs.stream().map(this::send).toList();
        Map<String, Integer> byStatus = new TreeMap<>();
        outcomes.forEach(o -> byStatus.merge(String.valueOf(o.status()), 1, Integer::sum));
        List<Outcome> failures = outcomes.stream().filter(o -> o.status() >= 500
                || (o.status() < 400 && !(o.input().mayBeIgnored() && o.input().method().equals("GET")))).toList();
        Map<String, String> after = snapshot(admin, ticketId);

        System.out.printf("Malformed input sweep against %s: %d inputs, statuses %s, %d failures%n",
                base, outcomes.size(), byStatus, failures.size());
        failures.forEach(f -> System.out.printf("  FAIL %d %s %s (%s): %s%n", f.status(), f.input().method(),
                abbreviate(f.input().path()), f.input().what(), abbreviate(f.body())));
        assertThat(failures).as("inputs that did not get a 4xx").isEmpty();
        assertThat(after).as("the sweep's ticket and its messages are unchanged").isEqualTo(before);
    }

    /** Malformed bodies for one endpoint: syntax, top-level types, and bad values in each of its fields. */
    private static void bodies(List<Input> inputs, String token, String method, String path, List<String> fields) {
        String json = "application/json";
        Map<String, String> broken = Map.ofEntries(
                Map.entry("truncated", "{\"a\":"), Map.entry("unclosed", "{"), Map.entry("trailing comma", "{\"a\":1,}"),
                Map.entry("two documents", "{}{}"), Map.entry("single quotes", "{'a':'b'}"), Map.entry("empty", ""),
                Map.entry("whitespace", "   \n"), Map.entry("bare word", "nul"), Map.entry("comment", "/* */{}"),
                Map.entry("array", "[]"), Map.entry("string", "\"text\""), Map.entry("number", "42"),
                Map.entry("null", "null"), Map.entry("boolean", "true"),
                Map.entry("deep nesting", "[".repeat(5_000) + "]".repeat(5_000)),
                Map.entry("operator document", "{\"$where\":\"sleep(5000)\",\"$set\":{\"status\":\"closed\"}}"));
        broken.forEach((what, body) -> inputs.add(new Input(what, token, method, path, json, utf8(body), false)));
        inputs.add(new Input("invalid UTF-8", token, method, path, json,
                new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '"', '}'}, false));
        inputs.add(new Input("text/plain", token, method, path, "text/plain", utf8("{\"a\":\"b\"}"), false));
        inputs.add(new Input("xml", token, method, path, "application/xml", utf8("<a>b</a>"), false));
        inputs.add(new Input("no content type", token, method, path, null, utf8("{\"a\":\"b\"}"), false));
        Map<String, String> values = Map.ofEntries(
                Map.entry("$gt operator", "{\"$gt\":\"\"}"), Map.entry("$ne operator", "{\"$ne\":null}"),
                Map.entry("$regex operator", "{\"$regex\":\".*\"}"), Map.entry("object", "{}"),
                Map.entry("array of operators", "[{\"$gt\":\"\"}]"), Map.entry("number", "12345"),
                Map.entry("negative", "-1"), Map.entry("float", "1e309"), Map.entry("boolean", "false"),
                Map.entry("huge string", quoted("x".repeat(200_000))),
                Map.entry("too large for the gateway", quoted("x".repeat(1_100_000))),
                Map.entry("lone surrogate", "\"\\ud800\""), Map.entry("NUL", "\"\\u0000\""),
                Map.entry("only invisible characters", "\"\\u202e\\u200d\\u200b\""),
                Map.entry("combining marks", quoted("e" + "\u0301".repeat(50_000))),
                Map.entry("emoji flood", quoted("\uD83D\uDCA9".repeat(60_000))));
        for (String field : fields) {
            values.forEach((what, value) -> inputs.add(new Input(field + ": " + what, token, method, path, json,
                    utf8("{\"" + field + "\":" + value + "}"), false)));
        }
    }

    /** Hostile ids in the path of one endpoint ({@code %s} marks the id). */
    private static void ids(List<Input> inputs, String token, String method, String template) {
        List<String> hostile = List.of("%7B%22%24gt%22%3A%22%22%7D", "%24gt", "%24where", "..%2F..%2Factuator",
                "x".repeat(5_000), "%00", "%F0%9F%92%A9", "null", "undefined", "'%20OR%201=1--", "%E2%80%AE",
                "%ED%A0%80", "a%20b", "%5B%5D", "-1", "0");
        for (String id : hostile) {
            inputs.add(new Input("id " + abbreviate(id), token, method, template.formatted(id),
                    method.equals("GET") ? null : "application/json", method.equals("GET") ? null : utf8("{}"), false));
        }
    }

    /** Hostile query parameters on a list or history endpoint. */
    private static void filters(List<Input> inputs, String token, String path, List<String> params) {
        List<String> values = List.of("%7B%22%24gt%22%3A%22%22%7D", "%24ne", "abc", "-1", "0", "99999999999999999999",
                "1e309", "%00", "x".repeat(5_000), "%F0%9F%92%A9", "%ED%A0%80", "[object%20Object]");
        for (String param : params) {
            for (String value : values) {
                inputs.add(new Input(param + "=" + abbreviate(value), token, "GET", path + "?" + param + "=" + value,
                        null, null, false));
            }
            // qs-style nesting means nothing to Spring: an ignored parameter, harmless if it answers 200
            inputs.add(new Input(param + "[$ne]", token, "GET", path + "?" + param + "%5B%24ne%5D=x", null, null,
                    true));
        }
    }

    private Outcome send(Input input) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + input.path()))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + input.token());
        if (input.contentType() != null) {
            request.header("Content-Type", input.contentType());
        }
        request.method(input.method(), input.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(input.body()));
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Outcome(input, response.statusCode(), response.body());
        } catch (Exception e) {
            return new Outcome(input, 599, "no answer: " + e);
        }
    }

    private Map<String, String> snapshot(String admin, String ticketId) {
        JsonNode ticket = call(admin, "GET", "/api/conversations/" + ticketId, null).json();
        JsonNode messages = call(admin, "GET", "/api/conversations/" + ticketId + "/messages?limit=100", null).json();
        return Map.of(
                "status", ticket.path("status").asString(),
                "updatedAt", ticket.path("updatedAt").asString(),
                "assignedTo", ticket.path("assignedTo").toString(),
                "lastMessage", ticket.path("lastMessage").toString(),
                "messages", messages.path("items").toString());
    }

    private String token(String userId, String role) {
        return call(null, "POST", "/api/dev/tokens",
                "{\"userId\":\"" + userId + "\",\"name\":\"" + userId + "\",\"roles\":[\"" + role + "\"]}")
                .json().path("token").asString();
    }

    private record Reply(int status, String body) {

        JsonNode json() {
            return body.isBlank() ? JSON.missingNode() : JSON.readTree(body);
        }
    }

    private Reply call(String token, String method, String path, String json) {
        Input input = new Input("setup", token, method, path, json == null ? null : "application/json",
                json == null ? null : utf8(json), false);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (input.contentType() != null) {
            request.header("Content-Type", input.contentType());
        }
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(input.body()));
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String quoted(String text) {
        return "\"" + text + "\"";
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 80 ? text.substring(0, 80) + "…(" + text.length() + ")" : text;
    }
}
