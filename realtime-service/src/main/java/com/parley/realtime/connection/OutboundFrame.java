package com.parley.realtime.connection;

import java.time.Instant;

import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;

import io.micrometer.tracing.TraceContext;

/**
 * One frame waiting in a socket's outbound queue. Built once per event and shared by every socket it goes to.
 *
 * @param type      the frame type, for metrics
 * @param eventTime when the event behind it happened (null for frames not caused by an event), for the
 *                  delivery latency timer
 * @param replay    queued by a resume rather than live
 * @param trace     the sampled trace that caused it (the Kafka event's), so its socket writes show in that trace;
 *                  null when not traced
 */
public record OutboundFrame(String type, WebSocketMessage<?> message, Instant eventTime, boolean replay,
                            TraceContext trace) {

    static final OutboundFrame PING = new OutboundFrame("ping", new PingMessage(), null, false, null);

    public static OutboundFrame text(String type, String json, Instant eventTime) {
        return text(type, json, eventTime, null);
    }

    public static OutboundFrame text(String type, String json, Instant eventTime, TraceContext trace) {
        return new OutboundFrame(type, new TextMessage(json), eventTime, false, trace);
    }

    /** The same frame, sent by a resume: it does not count against the socket's live buffer. */
    OutboundFrame asReplay() {
        return replay ? this : new OutboundFrame(type, message, eventTime, true, trace);
    }
}
