package com.parley.gateway.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;

import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebSession;
import org.springframework.web.server.session.InMemoryWebSessionStore;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import reactor.core.publisher.Mono;

/** The absolute timeout: however active, a session ends that long after it began. */
class SessionLifetimeFilterTests {

    private final InMemoryWebSessionStore store = new InMemoryWebSessionStore();

    @Test
    void aSessionOlderThanTheAbsoluteTimeoutIsEndedBeforeTheRequestIsServed() {
        WebSession session = startedSession();
        Clock later = Clock.fixed(session.getCreationTime().plus(Duration.ofHours(13)), ZoneOffset.UTC);

        Object seenBySecurity = run(session, later);

        assertThat(seenBySecurity).isNull();
        assertThat(store.retrieveSession(session.getId()).block()).isNull();
    }

    @Test
    void aYoungerSessionIsLeftAlone() {
        WebSession session = startedSession();
        Clock soon = Clock.fixed(session.getCreationTime().plus(Duration.ofHours(11)), ZoneOffset.UTC);

        assertThat(run(session, soon)).isEqualTo("someone");
    }

    private WebSession startedSession() {
        WebSession session = store.createWebSession().block();
        session.getAttributes().put("SPRING_SECURITY_CONTEXT", "someone");
        session.start();
        session.save().block();
        return session;
    }

    /** What the rest of the chain (Spring Security) finds in the session after the filter ran. */
    private Object run(WebSession session, Clock clock) {
        SessionLifetimeFilter filter = new SessionLifetimeFilter(Duration.ofHours(12), new SimpleMeterRegistry(), clock);
        MockServerWebExchange exchange = MockServerWebExchange.builder(MockServerHttpRequest.get("/api/me"))
                .session(session).build();
        Object[] seen = new Object[1];
        filter.filter(exchange, e -> e.getSession().doOnNext(s -> seen[0] = s.getAttributes().get("SPRING_SECURITY_CONTEXT"))
                .then(Mono.empty())).block();
        return seen[0];
    }

}
