package com.parley.realtime.connection;

import java.time.Duration;
import java.time.Instant;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;

/**
 * What SREs watch on a realtime node: sockets, frames written and how late, refusals and closes; and, for a traced
 * event, a span per socket write in the event's trace.
 */
@Component
public class ConnectionMetrics {

    private final MeterRegistry meters;
    private final Tracer tracer;

    public ConnectionMetrics(MeterRegistry meters, LocalConnections connections, ObjectProvider<Tracer> tracer) {
        this.meters = meters;
        this.tracer = tracer.getIfAvailable(() -> Tracer.NOOP);
        Gauge.builder("parley.realtime.sessions", connections, LocalConnections::size)
                .description("WebSocket sessions connected to this node")
                .register(meters);
    }

    /** A frame reached the socket; event frames also record how long after the event that was. */
    void written(OutboundFrame frame) {
        if (frame == OutboundFrame.PING) {
            return;
        }
        Counter.builder("parley.realtime.frames.delivered")
                .description("Frames written to sockets, by frame type")
                .tag("type", frame.type())
                .register(meters)
                .increment();
        if (frame.eventTime() != null && !frame.replay()) {
            // a replayed message waited for the client to come back; that is not delivery latency
            Timer.builder("parley.realtime.delivery.latency")
                    .description("From the event's occurredAt to the socket write")
                    .tag("type", frame.type())
                    .publishPercentiles(0.5, 0.99)
                    .register(meters)
                    .record(Duration.between(frame.eventTime(), Instant.now()).abs());
        }
    }

    /** A socket write; when the frame belongs to a sampled trace, as span {@code socket write} of that trace. */
    void traced(OutboundFrame frame, SocketWrite write) throws java.io.IOException {
        if (frame.trace() == null) {
            write.run();
            return;
        }
        Span span = tracer.spanBuilder().setParent(frame.trace()).name("socket write")
                .tag("parley.frame.type", frame.type()).start();
        try {
            write.run();
        } catch (java.io.IOException | RuntimeException e) {
            span.error(e);
            throw e;
        } finally {
            span.end();
        }
    }

    @FunctionalInterface
    interface SocketWrite {
        void run() throws java.io.IOException;
    }

    void closed(String reason) {
        meters.counter("parley.realtime.closes", "reason", reason).increment();
    }

    void dropped(String reason) {
        meters.counter("parley.realtime.frames.dropped", "reason", reason).increment();
    }

    public void frameRejected(String code) {
        meters.counter("parley.realtime.frames.rejected", "code", code).increment();
    }

    public void handshakeRejected(String code) {
        meters.counter("parley.realtime.handshakes.rejected", "code", code).increment();
    }
}
