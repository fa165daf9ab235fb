package com.parley.realtime.connection;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.standard.StandardWebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

import com.parley.realtime.system.RealtimeProperties;
import com.parley.support.security.CurrentUser;

/**
 * The {@code /ws} endpoint: sets each authenticated socket up, reads client frames and hands them to the
 * feature that serves their type. A bad frame gets an {@code error} frame and the socket stays open.
 */
public class SocketHandler extends AbstractWebSocketHandler {

    private static final Logger log = LoggerFactory.getLogger(SocketHandler.class);
    /** Tomcat's per-session limit for one blocking write; beyond it the write fails and we close (4008). */
    private static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

    private final LocalConnections connections;
    private final List<ConnectionListener> listeners;
    private final Map<String, InboundFrameHandler> handlers;
    private final Frames frames;
    private final Keepalive keepalive;
    private final ConnectionMetrics metrics;
    private final RealtimeProperties properties;

    public SocketHandler(LocalConnections connections, List<ConnectionListener> listeners,
                         List<InboundFrameHandler> handlers, Frames frames, Keepalive keepalive,
                         ConnectionMetrics metrics, RealtimeProperties properties) {
        this.connections = connections;
        this.listeners = listeners;
        this.handlers = handlers.stream().collect(Collectors.toUnmodifiableMap(InboundFrameHandler::type,
                Function.identity()));
        this.frames = frames;
        this.keepalive = keepalive;
        this.metrics = metrics;
        this.properties = properties;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) throws Exception {
        CurrentUser user = (CurrentUser) session.getAttributes().get(TokenHandshakeInterceptor.USER);
        Instant expiresAt = (Instant) session.getAttributes().get(TokenHandshakeInterceptor.TOKEN_EXPIRES_AT);
        if (session instanceof StandardWebSocketSession standard) {
            standard.getNativeSession().getUserProperties()
                    .put(TOMCAT_BLOCKING_SEND_TIMEOUT, properties.sendTimeLimit().toMillis());
        }
        ClientConnection connection = new ClientConnection(session, user, expiresAt,
                properties.outboundBufferSize(), properties.sendTimeLimit(), metrics);
        connections.add(connection);
        connection.start();
        keepalive.schedule(connection::openGate, properties.resumeGrace());
        try {
            for (ConnectionListener listener : listeners) {
                listener.opened(connection);
            }
        } catch (RuntimeException e) {
            log.warn("Could not register {}, closing it: {}", connection, e.toString());
            connection.close(CloseCodes.SERVER_ERROR);
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("sessionId", session.getId());
        data.put("node", properties.nodeId());
        data.put("user", Map.of("id", user.id(), "name", user.name(),
                "roles", user.roles().stream().map(r -> r.name()).sorted().toList()));
        data.put("maxFrameBytes", properties.maxFrameSize().toBytes());
        data.put("resumeGraceMillis", properties.resumeGrace().toMillis());
        connection.send(frames.frame("connected", data, null));
        log.info("Socket {} opened for user {} on node {}", session.getId(), user.id(), properties.nodeId());
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        ClientConnection connection = connections.get(session.getId());
        if (connection == null) {
            return;
        }
        connection.pongReceived();
        String frameType = null;
        try {
            Frames.Inbound frame = frames.parse(message.getPayload());
            frameType = frame.type();
            if (!frameType.equals("resume")) {
                // the first frame that is not a resume ends the wait for one
                connection.openGate();
            }
            if (frameType.equals("ping")) {
                connection.send(frames.frame("pong", Map.of("at", Instant.now()), null));
                return;
            }
            InboundFrameHandler handler = handlers.get(frameType);
            if (handler == null) {
                throw new FrameRejectedException("unknown_type", "Unknown frame type '" + frameType + "'");
            }
            handler.handle(connection, frame.data());
        } catch (FrameRejectedException e) {
            metrics.frameRejected(e.code());
            Map<String, Object> details = new LinkedHashMap<>(e.details());
            if (frameType != null) {
                details.putIfAbsent("frameType", frameType);
            }
            connection.send(frames.error(e.code(), e.getMessage(), details));
        } catch (RuntimeException e) {
            log.warn("Frame {} from {} failed", frameType, connection, e);
            metrics.frameRejected("internal_error");
            connection.send(frames.error("internal_error", "The server could not handle this frame; retry later",
                    frameType == null ? Map.of() : Map.of("frameType", frameType)));
        }
    }

    @Override
    protected void handlePongMessage(WebSocketSession session, PongMessage message) {
        ClientConnection connection = connections.get(session.getId());
        if (connection != null) {
            connection.pongReceived();
        }
    }

    @Override
    protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) {
        ClientConnection connection = connections.get(session.getId());
        if (connection != null) {
            metrics.frameRejected("binary_not_supported");
            connection.close(CloseCodes.BINARY_NOT_SUPPORTED);
        }
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable exception) {
        log.debug("Transport error on socket {}: {}", session.getId(), exception.toString());
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        ClientConnection connection = connections.remove(session.getId());
        if (connection == null) {
            return;
        }
        connection.terminated(status);
        for (ConnectionListener listener : listeners) {
            try {
                listener.closed(connection);
            } catch (RuntimeException e) {
                // the registry entry then expires by its TTL
                log.warn("Could not unregister {}: {}", connection, e.toString());
            }
        }
        log.info("Socket {} of user {} closed: {}", session.getId(), connection.user().id(), status);
    }

    @Override
    public boolean supportsPartialMessages() {
        return false;
    }

    /** Closes every socket of this node (shutdown): clients reconnect to another node and resume. */
    public void closeAll() {
        for (ClientConnection connection : connections.all()) {
            connection.close(CloseCodes.GOING_AWAY);
        }
    }
}
