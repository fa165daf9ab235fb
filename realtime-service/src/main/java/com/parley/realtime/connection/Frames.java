package com.parley.realtime.connection;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The wire format: every frame is a JSON text frame {@code {"type": …, "data": …}}. One mapper for the whole
 * service, so the same input always gives the same bytes (the resume buffer relies on it).
 */
@Component
public class Frames {

    private final JsonMapper json = JsonMapper.builder()
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();
    private final Tracer tracer;

    public Frames() {
        this(Tracer.NOOP);
    }

    @Autowired
    public Frames(ObjectProvider<Tracer> tracer) {
        this(tracer.getIfAvailable(() -> Tracer.NOOP));
    }

    private Frames(Tracer tracer) {
        this.tracer = tracer;
    }

    /** A client frame after parsing: its type and its data (an empty object when absent). */
    public record Inbound(String type, JsonNode data) {
    }

    public JsonMapper json() {
        return json;
    }

    public String toJson(Object value) {
        return json.writeValueAsString(value);
    }

    public OutboundFrame frame(String type, Object data, Instant eventTime) {
        return OutboundFrame.text(type, envelope(type, toJson(data)), eventTime, sampledTrace());
    }

    /** A frame whose data is already JSON (e.g. a message from the resume buffer). */
    public OutboundFrame rawFrame(String type, String dataJson, Instant eventTime) {
        return OutboundFrame.text(type, envelope(type, dataJson), eventTime, sampledTrace());
    }

    /** The trace being recorded now (e.g. the Kafka event's being fanned out), or null: unsampled ones cost nothing. */
    private TraceContext sampledTrace() {
        TraceContext context = tracer.currentTraceContext().context();
        return context != null && Boolean.TRUE.equals(context.sampled()) ? context : null;
    }

    public OutboundFrame error(String code, String message, Map<String, Object> details) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("code", code);
        data.put("message", message);
        data.putAll(details);
        return frame("error", data, null);
    }

    /**
     * Parses a client frame.
     *
     * @throws FrameRejectedException {@code malformed_frame} for anything that is not a JSON object with a
     *                                string {@code type} and an object (or absent) {@code data}
     */
    public Inbound parse(String text) {
        JsonNode root;
        try {
            root = json.readTree(text);
        } catch (JacksonException e) {
            throw new FrameRejectedException("malformed_frame", "The frame is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new FrameRejectedException("malformed_frame", "A frame is a JSON object {\"type\": …, \"data\": …}");
        }
        JsonNode type = root.get("type");
        if (type == null || !type.isString() || type.asString().isBlank()) {
            throw new FrameRejectedException("malformed_frame", "The frame has no string 'type'");
        }
        JsonNode data = root.get("data");
        if (data == null || data.isNull()) {
            data = json.createObjectNode();
        } else if (!data.isObject()) {
            throw new FrameRejectedException("malformed_frame", "'data' must be a JSON object",
                    Map.of("frameType", type.asString()));
        }
        return new Inbound(type.asString(), data);
    }

    private static String envelope(String type, String dataJson) {
        // type tokens are fixed ASCII words of ours, so no escaping is needed
        return "{\"type\":\"" + type + "\",\"data\":" + dataJson + "}";
    }
}
