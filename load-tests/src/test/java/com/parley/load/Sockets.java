package com.parley.load;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.http.HttpProtocolBuilder;

/** What every scenario shares: the protocol (own token and address per virtual user) and joining /ws. */
final class Sockets {

    private Sockets() {
    }

    /** Requests carry the session's {@code token} and {@code ip}; frames nobody awaits are kept for the scenario. */
    static HttpProtocolBuilder protocol() {
        return http.baseUrl(Stack.URL).wsBaseUrl(Stack.WS_URL).wsUnmatchedInboundMessageBufferSize(100_000)
                .acceptHeader("application/json").contentTypeHeader("application/json")
                .header("X-Forwarded-For", "#{ip}").header("Authorization", "Bearer #{token}");
    }

    /** Opens /ws (token in the header, as a server-side client), waits for {@code connected}, resumes from nothing. */
    static ChainBuilder join(int awaitSeconds) {
        return exec(ws("connect").connect("/ws")
                .await(awaitSeconds).on(ws.checkTextMessage("connected")
                        .matching(substring("\"type\":\"connected\"")).check(substring("sessionId"))))
                .exitHereIfFailed()
                .exec(ws("resume").sendText("{\"type\":\"resume\",\"data\":{\"conversations\":{}}}"));
    }
}
