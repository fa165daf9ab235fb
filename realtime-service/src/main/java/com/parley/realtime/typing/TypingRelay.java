package com.parley.realtime.typing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

import com.parley.realtime.connection.ClientConnection;
import com.parley.realtime.connection.FrameRejectedException;
import com.parley.realtime.connection.Frames;
import com.parley.realtime.connection.InboundFrameHandler;
import com.parley.realtime.connection.LocalConnections;
import com.parley.realtime.connection.OutboundFrame;
import com.parley.realtime.conversation.ConversationMembers;
import com.parley.realtime.system.ChannelListener;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;

/**
 * {@code typing {"conversationId", "isTyping"}} from a participant goes to the conversation's other
 * participants on every node through Redis pub/sub, in milliseconds. It is never stored and never goes to Kafka.
 */
@Component
class TypingRelay implements InboundFrameHandler, ChannelListener {

    static final String CHANNEL = "parley:realtime:typing";

    private final ConversationMembers members;
    private final StringRedisTemplate redis;
    private final LocalConnections connections;
    private final Frames frames;
    private final MeterRegistry meters;

    TypingRelay(ConversationMembers members, StringRedisTemplate redis, LocalConnections connections, Frames frames,
                MeterRegistry meters) {
        this.members = members;
        this.redis = redis;
        this.connections = connections;
        this.frames = frames;
        this.meters = meters;
    }

    /** What travels between nodes. */
    record TypingSignal(String conversationId, String userId, String name, boolean isTyping, Instant at,
                        List<String> recipients) {
    }

    @Override
    public String type() {
        return "typing";
    }

    @Override
    public String channel() {
        return CHANNEL;
    }

    @Override
    public void handle(ClientConnection connection, JsonNode data) {
        JsonNode conversation = data.get("conversationId");
        if (conversation == null || !conversation.isString() || conversation.asString().isBlank()) {
            throw new FrameRejectedException("invalid_frame", "'conversationId' is required");
        }
        JsonNode typing = data.get("isTyping");
        if (typing != null && !typing.isBoolean()) {
            throw new FrameRejectedException("invalid_frame", "'isTyping' must be true or false");
        }
        String conversationId = conversation.asString();
        String userId = connection.user().id();
        List<String> participants = members.of(conversationId)
                .filter(m -> m.includes(userId))
                .map(ConversationMembers.Members::participantIds)
                .orElseThrow(() -> new FrameRejectedException("not_a_participant",
                        "You do not take part in this conversation", Map.of("conversationId", conversationId)));
        List<String> recipients = participants.stream().filter(id -> !id.equals(userId)).toList();
        if (recipients.isEmpty()) {
            return;
        }
        TypingSignal signal = new TypingSignal(conversationId, userId, connection.user().name(),
                typing == null || typing.asBoolean(), Instant.now(), recipients);
        redis.convertAndSend(CHANNEL, frames.toJson(signal));
        meters.counter("parley.realtime.typing.relayed").increment();
    }

    @Override
    public void onMessage(Message message, byte[] pattern) {
        TypingSignal signal = frames.json().readValue(new String(message.getBody(), StandardCharsets.UTF_8),
                TypingSignal.class);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("conversationId", signal.conversationId());
        data.put("user", Map.of("id", signal.userId(), "name", signal.name()));
        data.put("isTyping", signal.isTyping());
        OutboundFrame frame = frames.frame("typing", data, signal.at());
        for (ClientConnection recipient : connections.ofUsers(signal.recipients())) {
            recipient.send(frame);
        }
    }
}
