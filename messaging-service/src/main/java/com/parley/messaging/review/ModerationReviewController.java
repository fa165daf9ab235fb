package com.parley.messaging.review;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.parley.events.UserRef;
import com.parley.messaging.moderation.Moderation;
import com.parley.messaging.send.Message;
import com.parley.support.problem.ApiException;
import com.parley.support.security.CurrentUser;

/**
 * Admin-only view of what moderation did: the unmasked original, what was masked, flagged keywords, earlier
 * versions. {@code GET /api/admin/messages/{messageId}/moderation};
 * {@code GET /api/admin/moderation/flagged?cursor=&limit=} lists flagged messages, newest first.
 */
@RestController
class ModerationReviewController {

    private final MongoTemplate mongo;

    ModerationReviewController(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    record ModerationView(String messageId, String conversationId, long seq, UserRef sender, String senderType,
                          String content, String original, List<String> masked, boolean flagged, List<String> keywords,
                          List<Moderation.PreviousVersion> previousVersions, Instant createdAt, Instant editedAt,
                          Instant deletedAt) {

        static ModerationView of(Message m) {
            Moderation mod = m.moderation();
            return new ModerationView(m.id(), m.conversationId(), m.seq(), m.sender(), m.senderType(), m.content(),
                    mod == null || mod.original() == null ? m.content() : mod.original(),
                    mod == null ? List.of() : mod.masked(), mod != null && mod.flagged(),
                    mod == null ? List.of() : mod.keywords(), mod == null ? List.of() : mod.previousVersions(),
                    m.createdAt(), m.editedAt(), m.deletedAt());
        }
    }

    @GetMapping("/api/admin/messages/{messageId}/moderation")
    ModerationView message(@PathVariable String messageId, CurrentUser user) {
        requireAdmin(user);
        Message message = mongo.findById(messageId, Message.class);
        if (message == null) {
            throw ApiException.notFound("message_not_found", "No message " + messageId);
        }
        return ModerationView.of(message);
    }

    @GetMapping("/api/admin/moderation/flagged")
    Map<String, Object> flagged(@RequestParam(required = false) String cursor,
                                @RequestParam(defaultValue = "50") int limit, CurrentUser user) {
        requireAdmin(user);
        if (limit < 1) {
            throw ApiException.badRequest("invalid_parameter", "limit must be at least 1");
        }
        int size = Math.min(limit, 100);
        Criteria criteria = Criteria.where("moderation.flagged").is(true);
        if (cursor != null) {
            String[] parts = decode(cursor);
            Instant at = Instant.ofEpochMilli(Long.parseLong(parts[0]));
            criteria = criteria.orOperator(Criteria.where("createdAt").lt(at),
                    Criteria.where("createdAt").is(at).and("_id").lt(parts[1]));
        }
        Query query = new Query(criteria).with(Sort.by(Sort.Direction.DESC, "createdAt", "_id")).limit(size + 1);
        List<Message> found = new ArrayList<>(mongo.find(query, Message.class));
        String next = null;
        if (found.size() > size) {
            found.removeLast();
            Message last = found.getLast();
            next = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    (last.createdAt().toEpochMilli() + ":" + last.id()).getBytes());
        }
        Map<String, Object> page = new java.util.LinkedHashMap<>();
        page.put("items", found.stream().map(ModerationView::of).toList());
        page.put("nextCursor", next);
        return page;
    }

    private static String[] decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor)).split(":", 2);
            Long.parseLong(parts[0]);
            if (parts.length != 2) {
                throw new IllegalArgumentException();
            }
            return parts;
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_cursor", "The cursor is not one this endpoint returned");
        }
    }

    private static void requireAdmin(CurrentUser user) {
        if (!user.isAdmin()) {
            throw ApiException.forbidden("admin_only", "Only admins may review moderation");
        }
    }
}
