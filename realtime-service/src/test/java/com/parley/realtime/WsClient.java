package com.parley.realtime;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real WebSocket client (the JDK's) that records every frame it receives, for assertions. */
final class WsClient implements WebSocket.Listener, AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<JsonNode> frames = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile WebSocket socket;

    /** Connects with {@code ?access_token=}, waits for {@code connected} and sends an empty resume. */
    static WsClient connect(int port, String token) {
        WsClient client = open(port, token);
        client.send("resume", "{\"conversations\":{}}");
        client.awaitFrame("resumed", f -> true);
        return client;
    }

    /** Connects and waits for {@code connected}; the client's first frame is up to the test. */
    static WsClient open(int port, String token) {
        WsClient client = new WsClient();
        client.socket = HTTP.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws?access_token=" + token), client)
                .orTimeout(30, TimeUnit.SECONDS)
                .join();
        client.awaitFrame("connected", f -> true);
        return client;
    }

    /** Starts a handshake with the given Authorization header (or none) and returns its outcome. */
    static CompletableFuture<WebSocket> attempt(int port, String query, String authorization) {
        return attempt(port, query, authorization, new WsClient());
    }

    static CompletableFuture<WebSocket> attempt(int port, String query, String authorization, WsClient listener) {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder.buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws" + query), listener);
    }

    void send(String type, String dataJson) {
        sendRaw("{\"type\":\"" + type + "\",\"data\":" + dataJson + "}");
    }

    void sendRaw(String text) {
        socket.sendText(text, true).orTimeout(10, TimeUnit.SECONDS).join();
    }

    void sendBinary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** Drops the connection without a close handshake, like a phone losing its network. */
    void drop() {
        socket.abort();
    }

    List<JsonNode> frames() {
        return List.copyOf(frames);
    }

    List<JsonNode> ofType(String type) {
        return frames.stream().filter(f -> type.equals(f.path("type").asString())).toList();
    }

    JsonNode awaitFrame(String type, Predicate<JsonNode> data) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(20)).until(() -> find(type, data) != null);
        return find(type, data);
    }

    List<JsonNode> awaitFrames(String type, int count) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(20)).until(() -> ofType(type).size() >= count);
        return ofType(type);
    }

    private JsonNode find(String type, Predicate<JsonNode> data) {
        return ofType(type).stream().map(f -> f.path("data")).filter(data).findFirst().orElse(null);
    }

    /** The close code the server sent (waits for it). */
    int awaitClose() {
        return closed.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    }

    boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        webSocket.request(Long.MAX_VALUE);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            frames.add(JSON.readTree(partial.toString()));
            partial.setLength(0);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(-1);
    }

    @Override
    public void close() {
        if (!closed.isDone() && socket != null && !socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS)
                    .exceptionally(e -> null).join();
        }
    }
}
