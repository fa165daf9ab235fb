package com.parley.messaging.access;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import com.parley.messaging.system.MessagingProperties;
import com.parley.support.problem.ApiException;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The synchronous fallback of the access check: {@code GET /api/conversations/{id}} on conversation-service
 * with the caller's own bearer token, so conversation-service applies its read rules too. Any failure to get an
 * answer is a 503 with Retry-After (the caller retries), never a 403 (which would be a wrong answer).
 */
@Component
class ConversationServiceClient {

    static final int RETRY_AFTER_SECONDS = 2;
    private static final Logger log = LoggerFactory.getLogger(ConversationServiceClient.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http;
    private final MessagingProperties.ConversationService properties;
    private final Clock clock;
    private final MeterRegistry meters;

    ConversationServiceClient(HttpClient conversationServiceHttpClient, MessagingProperties properties, Clock clock,
                              MeterRegistry meters) {
        this.http = conversationServiceHttpClient;
        this.properties = properties.conversationService();
        this.clock = clock;
        this.meters = meters;
    }

    ConversationAccess fetch(String conversationId, String bearerToken) {
        URI uri = properties.baseUrl().resolve("/api/conversations/" + conversationId);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(properties.timeout())
                .header("Accept", "application/json").GET();
        if (bearerToken != null) {
            request.header("Authorization", "Bearer " + bearerToken);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw unavailable(conversationId, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(conversationId, "interrupted");
        }
        int status = response.statusCode();
        if (status == 200) {
            meters.counter("parley.messaging.access.fallback", "outcome", "found").increment();
            return parse(conversationId, response.body());
        }
        if (status == 404) {
            meters.counter("parley.messaging.access.fallback", "outcome", "not_found").increment();
            throw ApiException.notFound("conversation_not_found", "No conversation " + conversationId);
        }
        if (status == 401 || status == 403) {
            meters.counter("parley.messaging.access.fallback", "outcome", "refused").increment();
            throw ApiException.forbidden("not_a_participant", "You are not a participant of this conversation");
        }
        throw unavailable(conversationId, "HTTP " + status);
    }

    private ConversationAccess parse(String conversationId, String body) {
        try {
            JsonNode json = JSON.readTree(body);
            List<String> participants = new ArrayList<>();
            json.path("participantIds").forEach(id -> participants.add(id.asString()));
            return new ConversationAccess(conversationId, text(json.path("kind")), text(json.path("status")),
                    text(json.path("customer").path("id")), text(json.path("buyer").path("id")),
                    text(json.path("seller").path("id")), text(json.path("assignedTo").path("id")),
                    participants, clock.instant(), null, null, false);
        } catch (JacksonException e) {
            throw unavailable(conversationId, "unreadable answer: " + e.getOriginalMessage());
        }
    }

    private static String text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.asString();
    }

    private ApiException unavailable(String conversationId, String why) {
        meters.counter("parley.messaging.access.fallback", "outcome", "unavailable").increment();
        log.warn("Access check of conversation {} could not reach conversation-service: {}", conversationId, why);
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "access_check_unavailable",
                "Cannot check access to this conversation right now; retry shortly")
                .with("retryAfterSeconds", RETRY_AFTER_SECONDS);
    }
}
