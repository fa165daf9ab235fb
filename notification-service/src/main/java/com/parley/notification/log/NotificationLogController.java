package com.parley.notification.log;

import java.util.List;

import org.bson.types.ObjectId;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.parley.support.problem.ApiException;
import com.parley.support.security.CurrentUser;

/** The notification log, for admins: {@code GET /api/notifications/log?userId=&cursor=&limit=}. */
@RestController
class NotificationLogController {

    private static final int MAX_LIMIT = 100;

    private final NotificationLog log;

    NotificationLogController(NotificationLog log) {
        this.log = log;
    }

    @GetMapping("/api/notifications/log")
    Page get(CurrentUser user, @RequestParam(required = false) String userId,
             @RequestParam(required = false) String cursor, @RequestParam(defaultValue = "50") int limit) {
        if (!user.isAdmin()) {
            throw ApiException.forbidden("admin_only", "Only admins can read the notification log");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.badRequest("invalid_limit", "limit must be between 1 and " + MAX_LIMIT);
        }
        ObjectId before = null;
        if (cursor != null && !cursor.isBlank()) {
            if (!ObjectId.isValid(cursor)) {
                throw ApiException.badRequest("invalid_cursor", "The cursor is not one this API returned");
            }
            before = new ObjectId(cursor);
        }
        List<NotificationLogEntry> entries = log.page(userId, before, limit + 1);
        boolean more = entries.size() > limit;
        List<NotificationLogEntry> items = more ? entries.subList(0, limit) : entries;
        return new Page(items.stream().map(Item::of).toList(),
                more ? items.getLast().id().toHexString() : null);
    }

    record Page(List<Item> items, String nextCursor) {
    }

    record Item(String id, String userId, String conversationId, String subject, String channel, String outcome,
                String reason, String title, int itemCount, List<String> eventIds, int attempts, String error,
                java.time.Instant windowStart, java.time.Instant at) {

        static Item of(NotificationLogEntry e) {
            return new Item(e.id().toHexString(), e.userId(), e.conversationId(), e.subject(), e.channel(),
                    e.outcome(), e.reason(), e.title(), e.itemCount(), e.eventIds(), e.attempts(), e.error(),
                    e.windowStart(), e.at());
        }
    }
}
