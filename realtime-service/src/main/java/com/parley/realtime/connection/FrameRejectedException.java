package com.parley.realtime.connection;

import java.util.Map;

/** A client frame the server refuses; the client gets an {@code error} frame with {@code code}, the socket stays. */
public class FrameRejectedException extends RuntimeException {

    private final String code;
    private final Map<String, Object> details;

    public FrameRejectedException(String code, String message) {
        this(code, message, Map.of());
    }

    public FrameRejectedException(String code, String message, Map<String, Object> details) {
        super(message);
        this.code = code;
        this.details = details;
    }

    public String code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }
}
