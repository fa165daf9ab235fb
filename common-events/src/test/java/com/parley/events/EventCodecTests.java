package com.parley.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class EventCodecTests {

    private static final Instant T = Instant.parse("2026-11-22T08:30:00Z");
    private final EventCodec codec = new EventCodec();

    static Stream<EventPayload> samples() {
        UserRef customer = new UserRef("c-1", "Nguyễn Văn A", "https://cdn.example/a.png");
        UserRef staff = UserRef.of("s-1", "Trần Thị B");
        return Stream.of(
                new ConversationCreated("support", "T-000042", "pending", "high", "Đơn hàng chưa tới", customer,
                        null, null, "ORD-1", null, List.of("shipping"), T.plusSeconds(900), T, "Tôi chưa nhận được hàng", List.of("c-1"), 0L),
                new ConversationClaimed("T-000042", staff, T, "c-1", List.of("c-1", "s-1"), 1L),
                new ConversationUpdated("support", "T-000042", "resolved", "resolved", "assigned", staff, null,
                        "high", List.of("shipping"), List.of("c-1", "s-1"), 2L),
                new MessageSent("m-1", 7, "support", staff, "staff", "image", "xem ảnh",
                        List.of(new MessageSent.Attachment("a-1", "/api/attachments/a-1", "a.png", "image/png", 1234)),
                        "client-1", null, T, List.of("c-1", "s-1")),
                new MessageRead(customer, "customer", 7, T, List.of("c-1", "s-1")),
                new MessageUpdated("m-1", 7, "support", "edited", staff, "staff", "xem ảnh này", T.plusSeconds(60), null,
                        List.of("c-1", "s-1")));
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everyEventSurvivesARoundTrip(EventPayload payload) {
        EventEnvelope<EventPayload> sent = EventEnvelope.of("conv-1", Actor.of("s-1", "staff", "Trần Thị B"), payload, T);

        EventEnvelope<EventPayload> received = codec.decode(codec.encode(sent));

        assertThat(received).isEqualTo(sent);
        assertThat(received.type()).isEqualTo(EventType.of(payload).token());
        assertThat(received.version()).isEqualTo(1);
    }

    @Test
    void everyEventTypeHasASample() {
        assertThat(samples().map(EventType::of)).containsExactlyInAnyOrder(EventType.values());
    }

    @Test
    void olderReaderIgnoresFieldsANewerProducerAdded() {
        String newer = """
                {"eventId":"7b0c3f8e-5b7e-4d0c-9a53-2f1d2b7d9e10","type":"conversation.claimed","version":1,
                 "occurredAt":"2026-11-22T08:30:00Z","conversationId":"conv-1","traceParent":"00-abc",
                 "actor":{"id":"s-1","role":"staff","name":"B","team":"vip"},
                 "payload":{"ticketNumber":"T-000042","claimedBy":{"id":"s-1","name":"B","mood":"happy"},
                            "claimedAt":"2026-11-22T08:30:00Z","customerId":"c-1","participantIds":["c-1","s-1"],
                            "claimSource":"mobile"}}
                """;

        EventEnvelope<EventPayload> event = codec.decode(newer);

        assertThat(event.payload()).isInstanceOfSatisfying(ConversationClaimed.class, claimed -> {
            assertThat(claimed.claimedBy().id()).isEqualTo("s-1");
            assertThat(claimed.participantIds()).containsExactly("c-1", "s-1");
        });
    }

    @Test
    void conversationEventFromBeforeTheVersionFieldDecodesWithoutOne() {
        String older = """
                {"eventId":"7b0c3f8e-5b7e-4d0c-9a53-2f1d2b7d9e10","type":"conversation.claimed","version":1,
                 "occurredAt":"2026-11-22T08:30:00Z","conversationId":"conv-1",
                 "payload":{"ticketNumber":"T-000042","claimedBy":{"id":"s-1","name":"B"},
                            "claimedAt":"2026-11-22T08:30:00Z","customerId":"c-1","participantIds":["c-1","s-1"]}}
                """;

        EventEnvelope<EventPayload> event = codec.decode(older);

        assertThat(event.payload()).isInstanceOfSatisfying(ConversationClaimed.class, claimed -> {
            assertThat(claimed.conversationVersion()).isNull();
            assertThat(claimed.participantIds()).containsExactly("c-1", "s-1");
        });
    }

    @Test
    void unknownEventTypeIsKeptRawInsteadOfFailing() {
        String future = """
                {"eventId":"7b0c3f8e-5b7e-4d0c-9a53-2f1d2b7d9e10","type":"conversation.rated","version":1,
                 "occurredAt":"2026-11-22T08:30:00Z","conversationId":"conv-1","payload":{"stars":5}}
                """;

        EventEnvelope<EventPayload> event = codec.decode(future);

        assertThat(event.payload()).isEqualTo(new UnknownEvent("{\"stars\":5}"));
        assertThat(event.actor()).isEqualTo(Actor.SYSTEM);
    }

    @Test
    void recordThatIsNotAnEventIsRejectedWithAClearError() {
        assertThatThrownBy(() -> codec.decode("{\"hello\":1}"))
                .isInstanceOf(EventCodec.EventCodecException.class)
                .hasMessageContaining("missing");
        assertThatThrownBy(() -> codec.decode("not json"))
                .isInstanceOf(EventCodec.EventCodecException.class);
    }

    /** Golden files pin the v1 wire format: a field renamed or removed breaks this test, not a consumer. */
    @ParameterizedTest
    @MethodSource("samples")
    void goldenJsonOfVersionOneStillDecodes(EventPayload payload) throws IOException {
        EventType type = EventType.of(payload);
        String golden = read("/golden/" + type.token() + ".v1.json");

        EventEnvelope<EventPayload> decoded = codec.decode(golden);

        assertThat(decoded.eventId()).isEqualTo(UUID.fromString("7b0c3f8e-5b7e-4d0c-9a53-2f1d2b7d9e10"));
        assertThat(decoded.payload()).isEqualTo(payload);
    }

    private static String read(String path) throws IOException {
        try (InputStream in = EventCodecTests.class.getResourceAsStream(path)) {
            assertThat(in).as("golden file %s", path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
