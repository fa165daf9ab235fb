package com.parley.support.observability;

import java.util.regex.Pattern;

import org.springframework.beans.factory.ObjectProvider;

import io.micrometer.tracing.CurrentTraceContext;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;

/**
 * Carries a trace over a hop that no instrumentation sees: an event waits in the outbox of a MongoDB document and
 * may be published later, by another thread or another instance. The trace of the request that wrote it is kept
 * as a W3C {@code traceparent} string next to the event, and made current again while the event is sent, so that
 * the Kafka producer's span (and the consumers after it) join that trace.
 *
 * <p>The format is written and read here rather than through the configured propagator, so what is stored does
 * not depend on which propagation the services are configured to send.
 */
public class TraceContexts {

    /** Without a tracer: nothing is captured, nothing is continued. */
    public static final TraceContexts NONE = new TraceContexts(null);

    private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
    private static final Scope NO_SCOPE = () -> { };

    private final ObjectProvider<Tracer> tracers;
    private volatile Tracer tracer;

    public TraceContexts(ObjectProvider<Tracer> tracers) {
        this.tracers = tracers;
    }

    /** The current span as a {@code traceparent} ("00-traceid-spanid-flags"), or null when there is none. */
    public String currentTraceparent() {
        Tracer t = tracer();
        TraceContext context = t == null ? null : t.currentTraceContext().context();
        if (context == null) {
            return null;
        }
        String traceId = context.traceId();
        if (traceId.length() < 32) { // a 64-bit trace id: W3C wants 128 bits, left-padded
            traceId = "0".repeat(32 - traceId.length()) + traceId;
        }
        return "00-" + traceId + "-" + context.spanId() + "-" + (Boolean.TRUE.equals(context.sampled()) ? "01" : "00");
    }

    /**
     * Makes {@code traceparent} the current context until the scope is closed (spans started meanwhile are its
     * children). Null, or a value that is not a traceparent, leaves the current context as it is.
     */
    public Scope continueFrom(String traceparent) {
        Tracer t = tracer();
        if (t == null || traceparent == null) {
            return NO_SCOPE;
        }
        var matcher = TRACEPARENT.matcher(traceparent);
        if (!matcher.matches()) {
            return NO_SCOPE;
        }
        TraceContext context = t.traceContextBuilder()
                .traceId(matcher.group(1))
                .spanId(matcher.group(2))
                .sampled((Integer.parseInt(matcher.group(3), 16) & 1) == 1)
                .build();
        CurrentTraceContext.Scope scope = t.currentTraceContext().newScope(context);
        return scope::close;
    }

    private Tracer tracer() {
        if (tracers == null) {
            return null;
        }
        Tracer t = tracer;
        if (t == null) {
            t = tracers.getIfAvailable(() -> Tracer.NOOP);
            tracer = t;
        }
        return t == Tracer.NOOP ? null : t;
    }

    /** A current context that ends with {@link #close()}. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
