package com.parley.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** Opens a WebSocket through the gateway the way a browser does (token in the query) and reads one frame. */
final class WebSockets {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** What happened: the handshake status if it was refused, else the first text frame. */
    record Outcome(int refusedWithStatus, String firstFrame) {

        boolean opened() {
            return refusedWithStatus == 0;
        }
    }

    static Outcome open(GatewayClient client, String query) {
        return open(client.baseUrl().replace("http://", "ws://") + "/ws" + query,
                java.util.Map.of("X-Forwarded-For", client.clientIp()));
    }

    /** The same with any handshake headers (a session cookie, an Origin). */
    static Outcome open(String url, java.util.Map<String, String> headers) {
        CompletableFuture<String> firstFrame = new CompletableFuture<>();
        WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    firstFrame.complete(text.toString());
                }
                socket.request(1);
                return null;
            }

            @Override
            public void onError(WebSocket socket, Throwable error) {
                firstFrame.completeExceptionally(error);
            }
        };
        URI uri = URI.create(url);
        try {
            WebSocket.Builder builder = CLIENT.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
            headers.forEach(builder::header);
            WebSocket socket = builder
                    .buildAsync(uri, listener)
                    .get(20, TimeUnit.SECONDS);
            String frame = firstFrame.get(20, TimeUnit.SECONDS);
            socket.abort();
            return new Outcome(0, frame);
        } catch (java.util.concurrent.ExecutionException | CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return new Outcome(refused.getResponse().statusCode(), null);
            }
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private WebSockets() {
    }
}
