package com.parley.realtime.resume;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.parley.events.access.AccessPolicy;
import com.parley.realtime.connection.ClientConnection;
import com.parley.realtime.connection.FrameRejectedException;
import com.parley.realtime.connection.Frames;
import com.parley.realtime.connection.InboundFrameHandler;
import com.parley.realtime.conversation.ConversationMembers;
import com.parley.realtime.system.RealtimeProperties;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;

/**
 * {@code resume {"conversations": {"<id>": lastSeq, …}}}: sends every buffered message with seq above lastSeq
 * that the user may read, in seq order, each once, then {@code resumed}; live messages follow. Where the buffer
 * cannot prove it has everything (trimmed, expired or a hole), the client gets {@code resume.gap} with the range
 * to read over REST ({@code GET /api/conversations/{id}/messages?after=…}).
 */
@Component
class ResumeFrameHandler implements InboundFrameHandler {

    static final int MAX_CONVERSATIONS = 500;
    private static final Logger log = LoggerFactory.getLogger(ResumeFrameHandler.class);

    private final RecentMessages recent;
    private final ConversationMembers members;
    private final Frames frames;
    private final RealtimeProperties properties;
    private final MeterRegistry meters;

    ResumeFrameHandler(RecentMessages recent, ConversationMembers members, Frames frames,
                       RealtimeProperties properties, MeterRegistry meters) {
        this.recent = recent;
        this.members = members;
        this.frames = frames;
        this.properties = properties;
        this.meters = meters;
    }

    @Override
    public String type() {
        return "resume";
    }

    /** What one conversation's resume sends, in order: gap notices interleaved with messages. */
    private record Step(String conversationId, long seq, String messageJson, Map<String, Object> notice,
                        String noticeType) {
    }

    @Override
    public void handle(ClientConnection connection, JsonNode data) {
        Map<String, Long> lastSeen = parse(data);
        if (connection.queuedReplays() > 0) {
            throw new FrameRejectedException("resume_in_progress", "The previous resume is still being sent");
        }
        if (connection.beginResume()) {
            // live messages are held back: read Redis without blocking deliveries to this socket
            List<Step> steps = plan(connection, lastSeen);
            connection.finishResume(() -> queue(connection, lastSeen, steps));
        } else {
            connection.exclusively(() -> {
                queue(connection, lastSeen, plan(connection, lastSeen));
                return null;
            });
        }
    }

    private List<Step> plan(ClientConnection connection, Map<String, Long> lastSeen) {
        List<Step> steps = new ArrayList<>();
        int budget = properties.resumeMaxMessages();
        for (Map.Entry<String, Long> entry : lastSeen.entrySet()) {
            String conversationId = entry.getKey();
            long after = Math.max(entry.getValue(), connection.lastSeq(conversationId));
            Optional<ConversationMembers.Members> known = members.of(conversationId);
            if (known.isEmpty()) {
                continue; // no event of it within members-ttl: nothing buffered either
            }
            if (!AccessPolicy.canResume(connection.user().asCaller(),
                    known.get().participantIds()).allowed()) {
                steps.add(new Step(conversationId, -1, null, Map.of("code", "not_a_participant",
                        "message", "You do not take part in this conversation", "frameType", "resume",
                        "conversationId", conversationId), "error"));
                continue;
            }
            int limit = Math.min(budget, properties.resumeBufferSize());
            List<RecentMessages.Buffered> buffered = limit > 0 ? recent.after(conversationId, after, limit + 1)
                    : List.of();
            boolean truncated = buffered.size() > limit;
            if (truncated) {
                buffered = buffered.subList(0, limit);
            }
            long expected = after + 1;
            for (RecentMessages.Buffered message : buffered) {
                if (message.seq() > expected) {
                    steps.add(gap(conversationId, expected - 1, message.seq(), "not_buffered"));
                }
                steps.add(new Step(conversationId, message.seq(), message.json(), null, null));
                expected = message.seq() + 1;
            }
            budget -= buffered.size();
            if (truncated) {
                steps.add(gap(conversationId, expected - 1, null, "resume_limit"));
            }
        }
        return steps;
    }

    private void queue(ClientConnection connection, Map<String, Long> lastSeen, List<Step> steps) {
        lastSeen.forEach(connection::markSeen);
        int replayed = 0;
        for (Step step : steps) {
            if (step.noticeType() != null) {
                connection.send(frames.frame(step.noticeType(), step.notice(), null));
            } else if (connection.replayMessage(step.conversationId(), step.seq(),
                    frames.rawFrame("message.new", step.messageJson(), null))) {
                replayed++;
            }
        }
        Map<String, Long> positions = new LinkedHashMap<>();
        lastSeen.keySet().forEach(id -> positions.put(id, connection.lastSeq(id)));
        connection.send(frames.frame("resumed", Map.of("conversations", positions, "replayed", replayed), null));
        meters.counter("parley.realtime.resume.replayed").increment(replayed);
        log.info("{} resumed {} conversations, {} messages replayed", connection, lastSeen.size(), replayed);
    }

    private static Step gap(String conversationId, long afterSeq, Long beforeSeq, String reason) {
        Map<String, Object> notice = new LinkedHashMap<>();
        notice.put("conversationId", conversationId);
        notice.put("afterSeq", afterSeq);
        notice.put("beforeSeq", beforeSeq);
        notice.put("reason", reason);
        return new Step(conversationId, -1, null, notice, "resume.gap");
    }

    private static Map<String, Long> parse(JsonNode data) {
        JsonNode conversations = data.get("conversations");
        Map<String, Long> result = new LinkedHashMap<>();
        if (conversations == null || conversations.isNull()) {
            return result;
        }
        if (!conversations.isObject()) {
            throw new FrameRejectedException("invalid_frame",
                    "'conversations' must be an object of conversationId → last seq seen");
        }
        if (conversations.size() > MAX_CONVERSATIONS) {
            throw new FrameRejectedException("invalid_frame",
                    "At most " + MAX_CONVERSATIONS + " conversations per resume");
        }
        for (Map.Entry<String, JsonNode> entry : conversations.properties()) {
            JsonNode seq = entry.getValue();
            if (entry.getKey().isBlank() || !seq.isIntegralNumber() || seq.asLong() < 0) {
                throw new FrameRejectedException("invalid_frame",
                        "Each conversation needs a last seq ≥ 0 (0 when none was seen)",
                        Map.of("conversationId", entry.getKey()));
            }
            result.put(entry.getKey(), seq.asLong());
        }
        return result;
    }
}
