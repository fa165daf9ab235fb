package com.parley.realtime.connection;

import org.springframework.web.socket.CloseStatus;

/**
 * Close codes the server uses, as PROTOCOL.md lists them. 4xxx codes are Parley's own: a client reconnects
 * (with a fresh token for 4001) and sends {@code resume}.
 */
public final class CloseCodes {

    /** 1001: the node is shutting down; reconnect (the gateway picks another node) and resume. */
    public static final CloseStatus GOING_AWAY = CloseStatus.GOING_AWAY.withReason("server_shutdown");
    /** 1003: binary frames are not part of the protocol. */
    public static final CloseStatus BINARY_NOT_SUPPORTED = CloseStatus.NOT_ACCEPTABLE.withReason("binary_not_supported");
    /** 1009: a client frame was larger than {@code parley.realtime.max-frame-size} (sent by the container). */
    public static final int FRAME_TOO_LARGE = 1009;
    /** 1011: the server failed to set the connection up (e.g. the registry was unreachable). */
    public static final CloseStatus SERVER_ERROR = CloseStatus.SERVER_ERROR.withReason("server_error");
    /** 1011 as well: a write to the socket failed (the connection broke); the client reconnects and resumes. */
    public static final CloseStatus WRITE_FAILED = CloseStatus.SERVER_ERROR.withReason("write_failed");
    /** 4001: the token expired while connected; reconnect with a fresh one. */
    public static final CloseStatus TOKEN_EXPIRED = new CloseStatus(4001, "token_expired");
    /**
     * 4003: the person's sessions were ended (signed out everywhere, or an admin ended them); the app sends
     * them to sign-in instead of reconnecting.
     */
    public static final CloseStatus SIGNED_OUT = new CloseStatus(4003, "signed_out");
    /** 4008: the client did not read fast enough (outbound buffer full or a write timed out). */
    public static final CloseStatus SLOW_CONSUMER = new CloseStatus(4008, "slow_consumer");
    /** 4010: no answer to the server's pings. */
    public static final CloseStatus PONG_TIMEOUT = new CloseStatus(4010, "pong_timeout");

    private CloseCodes() {
    }
}
