package com.parley.realtime.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.parley.events.ConversationClaimed;
import com.parley.events.ConversationCreated;
import com.parley.events.ConversationUpdated;
import com.parley.events.MessageRead;
import com.parley.events.MessageUpdated;
import com.parley.events.UserRef;
import com.parley.realtime.connection.Frames;

/** The frame {@code data} of PROTOCOL.md, to the byte: field names, their order and nulls (written, not left out). */
class EventViewsTests {

    private static final Instant AT = Instant.parse("2026-01-02T03:04:05Z");
    private static final UserRef ANA = new UserRef("u-1", "Ana", null);
    private static final UserRef BO = new UserRef("s-1", "Bo", "https://a/b.png");

    private final Frames frames = new Frames();

    @Test
    void conversationCreated() {
        assertThat(frames.toJson(EventViews.created("c-1", new ConversationCreated("support", "T-1", "pending",
                "high", "Where is it?", ANA, null, null, "o-1", null, null, AT, AT, "hello", List.of("u-1")))))
                .isEqualTo("{\"id\":\"c-1\",\"kind\":\"support\",\"ticketNumber\":\"T-1\",\"status\":\"pending\",\"priority\":\"high\",\"subject\":\"Where is it?\",\"customer\":{\"id\":\"u-1\",\"name\":\"Ana\",\"avatarUrl\":null},\"buyer\":null,\"seller\":null,\"orderId\":\"o-1\",\"productId\":null,\"tags\":[],\"firstMessage\":\"hello\",\"firstResponseDueAt\":\"2026-01-02T03:04:05Z\",\"createdAt\":\"2026-01-02T03:04:05Z\",\"participantIds\":[\"u-1\"]}");
    }

    @Test
    void conversationClaimed() {
        assertThat(frames.toJson(EventViews.claimed("c-1",
                new ConversationClaimed("T-1", new UserRef("s-1", null, null), AT, "u-1", List.of("u-1", "s-1")))))
                .isEqualTo("{\"id\":\"c-1\",\"ticketNumber\":\"T-1\",\"claimedBy\":{\"id\":\"s-1\",\"name\":\"null\"},\"claimedAt\":\"2026-01-02T03:04:05Z\",\"customerId\":\"u-1\",\"participantIds\":[\"u-1\",\"s-1\"]}");
        assertThat(frames.toJson(EventViews.claimed("c-1",
                new ConversationClaimed("T-1", null, null, null, null))))
                .isEqualTo("{\"id\":\"c-1\",\"ticketNumber\":\"T-1\",\"claimedBy\":null,\"claimedAt\":null,\"customerId\":null,\"participantIds\":null}");
    }

    @Test
    void conversationUpdated() {
        assertThat(frames.toJson(EventViews.updated("c-1", new ConversationUpdated("support", "T-1", "released",
                "pending", "assigned", null, BO, "low", List.of("a"), List.of("u-1")))))
                .isEqualTo("{\"id\":\"c-1\",\"kind\":\"support\",\"ticketNumber\":\"T-1\",\"change\":\"released\",\"status\":\"pending\",\"previousStatus\":\"assigned\",\"assignedTo\":null,\"previousAssignee\":{\"id\":\"s-1\",\"name\":\"Bo\",\"avatarUrl\":\"https://a/b.png\"},\"priority\":\"low\",\"tags\":[\"a\"],\"participantIds\":[\"u-1\"]}");
    }

    @Test
    void messageRead() {
        assertThat(frames.toJson(EventViews.read("c-1", new MessageRead(BO, "staff", 7, AT, List.of("u-1")))))
                .isEqualTo("{\"conversationId\":\"c-1\",\"reader\":{\"id\":\"s-1\",\"name\":\"Bo\",\"avatarUrl\":\"https://a/b.png\"},\"readerType\":\"staff\",\"upToSeq\":7,\"readAt\":\"2026-01-02T03:04:05Z\"}");
    }

    @Test
    void messageUpdated() {
        assertThat(frames.toJson(EventViews.messageUpdated("c-1", new MessageUpdated("m-1", 3, "support", "deleted",
                ANA, "customer", null, null, AT, List.of("u-1")))))
                .isEqualTo("{\"id\":\"m-1\",\"conversationId\":\"c-1\",\"seq\":3,\"change\":\"deleted\",\"content\":null,\"editedAt\":null,\"deletedAt\":\"2026-01-02T03:04:05Z\"}");
    }
}
