package com.parley.messaging.access;

import java.util.regex.Pattern;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;

import com.parley.events.access.Decision;
import com.parley.support.fence.ConversationVersionFence;
import com.parley.support.problem.ApiException;
import com.parley.support.security.CurrentUser;

/**
 * The one entry point features use to ask "may this caller read / post here?". Decides from the local read
 * model when it says yes and is known to be complete; when the entry is missing, says no (it may lag behind a claim
 * or a transfer), or a state change before its newest event has not arrived yet ({@code mayLag}: a transfer or a
 * close may be on its way), or conversation-service has answered a change this entry has not applied yet (its
 * version fence is ahead: a post right after a close or a transfer), it asks conversation-service for the fresh
 * state and decides from that.
 */
@Component
public class ConversationAccessGuard {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final MongoTemplate mongo;
    private final ConversationServiceClient conversationService;
    private final ConversationVersionFence fence;

    ConversationAccessGuard(MongoTemplate mongo, ConversationServiceClient conversationService,
                            ConversationVersionFence fence) {
        this.mongo = mongo;
        this.conversationService = conversationService;
        this.fence = fence;
    }

    /** The conversation's state if the caller may post to it, else the refusal (403/404/409/503). */
    public ConversationAccess requirePost(String conversationId, CurrentUser user) {
        return require(conversationId, user, true);
    }

    /** The conversation's state if the caller may read it, else the refusal (403/404/503). */
    public ConversationAccess requireRead(String conversationId, CurrentUser user) {
        return require(conversationId, user, false);
    }

    private ConversationAccess require(String conversationId, CurrentUser user, boolean post) {
        if (conversationId == null || !ID.matcher(conversationId).matches()) {
            throw ApiException.notFound("conversation_not_found", "No conversation " + conversationId);
        }
        ConversationAccess local = mongo.findById(conversationId, ConversationAccess.class);
        if (local != null && !local.mayLag() && decide(local, user, post).allowed()
                && fence.isCaughtUp(conversationId, local.version())) {
            return local;
        }
        ConversationAccess fresh = conversationService.fetch(conversationId, callerToken());
        Decision decision = decide(fresh, user, post);
        if (!decision.allowed()) {
            throw AccessPolicy.refusal(decision);
        }
        return fresh;
    }

    private static Decision decide(ConversationAccess c, CurrentUser user, boolean post) {
        return post ? AccessPolicy.mayPost(c, user) : AccessPolicy.mayRead(c, user);
    }

    private static String callerToken() {
        return SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken jwt
                ? jwt.getToken().getTokenValue() : null;
    }
}
