package com.parley.realtime;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;

import com.parley.support.events.EventPublisher;
import com.parley.testsupport.ParleyIntegrationTest;

/**
 * The setup of the fan-out tests: node A (this context) and node B (see {@link RealtimeNodes}) both own their
 * partitions before each test, {@link #events} publishes to Kafka, and every {@link WsClient} in {@link #clients}
 * is closed after it.
 */
@ParleyIntegrationTest
abstract class TwoNodeIntegrationTest {

    @LocalServerPort
    int nodeA;
    @Autowired
    ConfigurableApplicationContext contextA;
    @Autowired
    EventPublisher publisher;

    int nodeB;
    TestEvents events;
    final List<WsClient> clients = new ArrayList<>();

    @BeforeEach
    void startBothNodes() {
        nodeB = RealtimeNodes.portOfNodeB();
        RealtimeNodes.awaitFanoutReady(contextA, RealtimeNodes.nodeB());
        events = new TestEvents(publisher);
    }

    @AfterEach
    void disconnect() {
        clients.forEach(WsClient::close);
    }

    /** A client on that node, closed after the test. */
    WsClient connect(int port, String token) {
        WsClient client = WsClient.connect(port, token);
        clients.add(client);
        return client;
    }
}
