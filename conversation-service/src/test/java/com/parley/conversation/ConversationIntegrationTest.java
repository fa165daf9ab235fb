package com.parley.conversation;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;

import com.parley.support.events.EventPublisher;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * What the service's integration tests share: the running service's {@link #api} and the beans they look behind it
 * with. Subclasses say which context they run in ({@code @ParleyIntegrationTest}, or their own).
 */
public abstract class ConversationIntegrationTest {

    /** How long a test waits for something asynchronous (an event consumed, a projection updated). */
    protected static final Duration WAIT = Duration.ofSeconds(60);

    @LocalServerPort
    protected int port;
    @Autowired
    protected MongoTemplate mongo;
    @Autowired
    protected EventPublisher publisher;
    @Autowired
    protected MeterRegistry meters;

    /** The service's HTTP API, with a caller of each role. */
    protected Api api;

    @BeforeEach
    void connectTheApi() {
        api = new Api(port);
    }
}
