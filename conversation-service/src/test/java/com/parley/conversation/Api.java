package com.parley.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.parley.events.Role;
import com.parley.testsupport.TestHttp;
import com.parley.testsupport.TestTokens;

/** The service's HTTP API as tests use it: callers with tokens, and a few shorthands. */
public final class Api {

    private final TestHttp http;

    public Api(int port) {
        this.http = TestHttp.at(port);
    }

    public TestHttp customer(String id) {
        return http.as(TestTokens.forUser(id, "Customer " + id, Role.CUSTOMER));
    }

    public TestHttp staff(String id) {
        return http.as(TestTokens.forUser(id, "Staff " + id, Role.STAFF));
    }

    public TestHttp admin(String id) {
        return http.as(TestTokens.forUser(id, "Admin " + id, Role.ADMIN));
    }

    public TestHttp buyer(String id) {
        return http.as(TestTokens.forUser(id, "Buyer " + id, Role.BUYER));
    }

    public TestHttp seller(String id) {
        return http.as(TestTokens.forUser(id, "Seller " + id, Role.SELLER));
    }

    /** Opens (or finds) the thread of {@code buyerId} with {@code sellerId} about a product; returns its id. */
    public String thread(String buyerId, String sellerId, String productId) {
        TestHttp.Response opened = buyer(buyerId).post("/api/chat/threads",
                Map.of("sellerId", sellerId, "productId", productId, "productTitle", "Tai nghe " + productId));
        assertThat(opened.status()).as(opened.toString()).isIn(200, 201);
        return opened.json().path("id").asString();
    }

    public TestHttp anonymous() {
        return http;
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static Map<String, Object> ticket(String message, String priority) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subject", "Order not delivered");
        body.put("message", message);
        body.put("priority", priority);
        body.put("orderId", "ORD-1");
        body.put("tags", List.of("shipping"));
        return body;
    }

    /** Opens a ticket as {@code customerId} and returns its id. */
    public String open(String customerId, String priority) {
        TestHttp.Response created = customer(customerId).post("/api/conversations",
                ticket("Where is my parcel?", priority));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("id").asString();
    }

    /** Opens a ticket and lets {@code staffId} claim it; returns its id. */
    public String openAndClaim(String customerId, String staffId) {
        String id = open(customerId, "medium");
        TestHttp.Response claimed = staff(staffId).put("/api/conversations/" + id + "/seen", null);
        assertThat(claimed.status()).as(claimed.toString()).isEqualTo(200);
        return id;
    }
}
