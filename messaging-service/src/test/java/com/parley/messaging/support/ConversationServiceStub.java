package com.parley.messaging.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;

/**
 * A tiny stand-in for conversation-service's {@code GET /api/conversations/{id}}, the dependency of the access
 * fallback (not the thing under test). Unknown ids answer 404.
 */
public final class ConversationServiceStub {

    public record Answer(int status, String body, Duration delay) {
    }

    private static final ConversationServiceStub INSTANCE = start();

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, String> lastAuthorization = new ConcurrentHashMap<>();

    private ConversationServiceStub(HttpServer server) {
        this.server = server;
    }

    public static ConversationServiceStub get() {
        return INSTANCE;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void answer(String conversationId, int status, String body) {
        answers.put(conversationId, new Answer(status, body, Duration.ZERO));
    }

    public void answerSlowly(String conversationId, Duration delay) {
        answers.put(conversationId, new Answer(200, "{}", delay));
    }

    /** A conversation as conversation-service shows it (the fields messaging reads). */
    public void support(String conversationId, String status, String customerId, String assigneeId) {
        answer(conversationId, 200, """
                {"id":"%s","kind":"support","status":"%s","customer":{"id":"%s","name":"C"},
                 "assignedTo":%s,"participantIds":["%s"%s]}
                """.formatted(conversationId, status, customerId,
                assigneeId == null ? "null" : "{\"id\":\"" + assigneeId + "\",\"name\":\"S\"}", customerId,
                assigneeId == null ? "" : ",\"" + assigneeId + "\""));
    }

    public String lastAuthorization(String conversationId) {
        return lastAuthorization.get(conversationId);
    }

    private static ConversationServiceStub start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            ConversationServiceStub stub = new ConversationServiceStub(server);
            server.createContext("/api/conversations/", exchange -> {
                String id = exchange.getRequestURI().getPath().substring("/api/conversations/".length());
                String authorization = exchange.getRequestHeaders().getFirst("Authorization");
                if (authorization != null) {
                    stub.lastAuthorization.put(id, authorization);
                }
                Answer answer = stub.answers.getOrDefault(id,
                        new Answer(404, "{\"code\":\"conversation_not_found\"}", Duration.ZERO));
                try {
                    Thread.sleep(answer.delay());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                try {
                    exchange.sendResponseHeaders(answer.status(), body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                } catch (IOException e) {
                    // the client gave up (timeout test)
                }
            });
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
            return stub;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
