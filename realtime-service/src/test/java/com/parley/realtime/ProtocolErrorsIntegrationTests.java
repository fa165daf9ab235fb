package com.parley.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.http.WebSocketHandshakeException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;

import com.parley.events.Role;
import com.parley.support.events.EventPublisher;
import com.parley.testsupport.ParleyIntegrationTest;
import com.parley.testsupport.TestHttp;
import com.parley.testsupport.TestTokens;

import tools.jackson.databind.JsonNode;

/** Bad tokens never get a socket; bad frames get an error frame or a close code; everyone else is unaffected. */
@ParleyIntegrationTest
class ProtocolErrorsIntegrationTests {

    @LocalServerPort
    int port;
    @Autowired
    ConfigurableApplicationContext context;
    @Autowired
    EventPublisher publisher;

    TestEvents events;
    WsClient bystander;
    final List<WsClient> clients = new ArrayList<>();

    @BeforeEach
    void connectABystander() {
        RealtimeNodes.awaitFanoutReady(context);
        events = new TestEvents(publisher);
        bystander = WsClient.connect(port, TestTokens.staff(TestEvents.newId("bystander")));
        clients.add(bystander);
    }

    @AfterEach
    void disconnect() {
        clients.forEach(WsClient::close);
    }

    /** The bystander still gets events: the server keeps serving everyone else. */
    private void bystanderStillReceivesEvents() {
        String ticket = TestEvents.newId("conv");
        events.ticketCreated(ticket, TestEvents.newId("cust"));
        bystander.awaitFrame("conversation.created", d -> d.path("id").asString().equals(ticket));
    }

    private int handshakeStatus(String query, String authorization) {
        Throwable failure = catchThrowable(() -> WsClient.attempt(port, query, authorization).join());
        assertThat(failure).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(WebSocketHandshakeException.class);
        return ((WebSocketHandshakeException) failure.getCause()).getResponse().statusCode();
    }

    @Test
    void missingExpiredForgedAndWrongAudienceTokensAreRefusedBeforeTheUpgrade() {
        assertThat(handshakeStatus("", null)).isEqualTo(401);
        assertThat(handshakeStatus("?access_token=" + TestTokens.expired("u-1", Role.STAFF), null)).isEqualTo(401);
        assertThat(handshakeStatus("?access_token=" + TestTokens.forged("u-1", Role.STAFF), null)).isEqualTo(401);
        assertThat(handshakeStatus("?access_token=" + TestTokens.wrongAudience("u-1", Role.STAFF), null))
                .isEqualTo(401);
        assertThat(handshakeStatus("?access_token=not-a-jwt", null)).isEqualTo(401);
        assertThat(handshakeStatus("", "Bearer " + TestTokens.forged("u-1", Role.STAFF))).isEqualTo(401);

        TestHttp.Response missing = TestHttp.at(port).get("/ws");
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.code()).isEqualTo("unauthenticated");
        TestHttp.Response forged = TestHttp.at(port).get("/ws?access_token=" + TestTokens.forged("u-1"));
        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.code()).isEqualTo("invalid_token");

        // the header works too (server-side clients, the gateway)
        String userId = TestEvents.newId("header");
        WsClient viaHeader = new WsClient();
        clients.add(viaHeader);
        WsClient.attempt(port, "", "Bearer " + TestTokens.staff(userId), viaHeader).join();
        assertThat(viaHeader.awaitFrame("connected", d -> true).path("user").path("id").asString()).isEqualTo(userId);
        bystanderStillReceivesEvents();
    }

    @Test
    void malformedUnknownAndInvalidFramesGetAnErrorFrameAndTheSocketStaysUsable() {
        WsClient client = WsClient.connect(port, TestTokens.customer(TestEvents.newId("cust")));
        clients.add(client);

        client.sendRaw("{not json");
        client.awaitFrame("error", d -> d.path("code").asString().equals("malformed_frame"));
        client.sendRaw("[1,2,3]");
        client.sendRaw("{\"data\":{}}");
        client.send("dance", "{}");
        JsonNode unknown = client.awaitFrame("error", d -> d.path("code").asString().equals("unknown_type"));
        assertThat(unknown.path("frameType").asString()).isEqualTo("dance");
        client.send("typing", "{\"isTyping\":true}");
        client.awaitFrame("error", d -> d.path("code").asString().equals("invalid_frame"));
        client.send("resume", "{\"conversations\":{\"c-1\":\"yesterday\"}}");

        client.send("ping", "{}");
        client.awaitFrame("pong", d -> true);
        assertThat(client.ofType("error")).extracting(f -> f.path("data").path("code").asString())
                .containsExactly("malformed_frame", "malformed_frame", "malformed_frame", "unknown_type",
                        "invalid_frame", "invalid_frame");
        assertThat(client.isClosed()).isFalse();
        bystanderStillReceivesEvents();
    }

    @Test
    void anOversizedFrameClosesThatSocketWith1009AndABinaryFrameWith1003() {
        WsClient big = WsClient.connect(port, TestTokens.customer(TestEvents.newId("big")));
        WsClient binary = WsClient.connect(port, TestTokens.customer(TestEvents.newId("bin")));
        clients.add(big);
        clients.add(binary);

        big.send("typing", "{\"conversationId\":\"" + "x".repeat(5000) + "\"}"); // test limit: 4 KB
        binary.sendBinary(new byte[] {1, 2, 3});

        assertThat(big.awaitClose()).isEqualTo(1009);
        assertThat(binary.awaitClose()).isEqualTo(1003);
        bystanderStillReceivesEvents();
    }
}
