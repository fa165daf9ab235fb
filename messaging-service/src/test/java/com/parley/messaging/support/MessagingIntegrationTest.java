package com.parley.messaging.support;

import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.parley.events.Actor;
import com.parley.events.ConversationClaimed;
import com.parley.events.ConversationCreated;
import com.parley.events.EventEnvelope;
import com.parley.events.EventPayload;
import com.parley.events.Role;
import com.parley.events.UserRef;
import com.parley.support.events.EventPublisher;
import com.parley.testsupport.ParleyIntegrationTest;
import com.parley.testsupport.TestHttp;
import com.parley.testsupport.TestTokens;

/**
 * Base of the messaging integration tests: one Spring context on the real Kafka, MongoDB wire server and Redis,
 * the access read model fed by real conversation events on Kafka, conversation-service replaced by a tiny stub.
 */
@ParleyIntegrationTest(properties = {
        "parley.messaging.attachments.max-size=64KB",
        "parley.messaging.conversation-service.timeout=700ms"})
public abstract class MessagingIntegrationTest {

    protected static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path ATTACHMENTS = tempDir();

    @DynamicPropertySource
    static void wiring(DynamicPropertyRegistry registry) {
        registry.add("parley.messaging.conversation-service.base-url", () -> ConversationServiceStub.get().baseUrl());
        registry.add("parley.messaging.attachments.directory", ATTACHMENTS::toString);
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected MongoTemplate mongo;

    @Autowired
    protected EventPublisher events;

    protected static Path attachmentsDirectory() {
        return ATTACHMENTS;
    }

    protected TestHttp as(String token) {
        return TestHttp.at(port).as(token);
    }

    protected static String newId() {
        return "c" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    protected static String customerToken(String id) {
        return TestTokens.forUser(id, "Customer " + id, Role.CUSTOMER);
    }

    protected static String staffToken(String id) {
        return TestTokens.forUser(id, "Staff " + id, Role.STAFF);
    }

    protected static String adminToken(String id) {
        return TestTokens.forUser(id, "Admin " + id, Role.ADMIN);
    }

    protected static String buyerToken(String id) {
        return TestTokens.forUser(id, "Buyer " + id, Role.BUYER);
    }

    protected static String sellerToken(String id) {
        return TestTokens.forUser(id, "Seller " + id, Role.SELLER);
    }

    /** Publishes conversation.created for a pending support ticket and waits until messaging knows it. */
    protected String supportTicket(String customerId) {
        return supportTicket(customerId, null);
    }

    protected String supportTicket(String customerId, String firstMessage) {
        String id = newId();
        UserRef customer = UserRef.of(customerId, "Customer " + customerId);
        publish(id, new ConversationCreated("support", "T-" + id, "pending", "medium", "Help", customer, null, null,
                null, null, List.of(), Instant.now().plusSeconds(900), Instant.now(), firstMessage, List.of(customerId)));
        awaitAccess(id, null);
        return id;
    }

    /** Publishes conversation.claimed and waits until messaging knows the assignee. */
    protected void claim(String conversationId, String customerId, String staffId) {
        publish(conversationId, new ConversationClaimed("T-" + conversationId, UserRef.of(staffId, "Staff " + staffId),
                Instant.now(), customerId, List.of(customerId, staffId)));
        awaitAccess(conversationId, staffId);
    }

    protected String thread(String buyerId, String sellerId) {
        String id = newId();
        publish(id, new ConversationCreated("buyer_seller", null, "open", null, null, null,
                UserRef.of(buyerId, "Buyer " + buyerId), UserRef.of(sellerId, "Seller " + sellerId), null, "p-1",
                List.of(), null, Instant.now(), null, List.of(buyerId, sellerId)));
        awaitAccess(id, null);
        return id;
    }

    protected EventEnvelope<EventPayload> publish(String conversationId, EventPayload payload) {
        EventEnvelope<EventPayload> event = EventEnvelope.of(conversationId, Actor.SYSTEM, payload, Instant.now());
        events.publishAndWait(event, Duration.ofSeconds(10));
        return event;
    }

    private void awaitAccess(String conversationId, String assigneeId) {
        await().atMost(WAIT).until(() -> {
            Map<?, ?> access = mongo.findById(conversationId, Map.class, "conversation_access");
            return access != null && (assigneeId == null || assigneeId.equals(access.get("assigneeId")));
        });
    }

    /** Messages people wrote (system messages about claims and status changes left out). */
    protected long storedMessages(String conversationId) {
        return mongo.count(new Query(Criteria.where("conversationId").is(conversationId).and("type").ne("system")),
                "messages");
    }

    protected List<Long> storedSeqs(String conversationId) {
        List<Long> seqs = new ArrayList<>();
        mongo.find(new Query(Criteria.where("conversationId").is(conversationId)), Map.class, "messages")
                .forEach(m -> seqs.add(((Number) m.get("seq")).longValue()));
        seqs.sort(null);
        return seqs;
    }

    protected static Map<String, Object> text(String content, String clientMessageId) {
        return Map.of("content", content, "clientMessageId", clientMessageId);
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("parley-attachments-test-");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
