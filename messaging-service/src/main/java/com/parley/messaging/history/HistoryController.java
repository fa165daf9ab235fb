package com.parley.messaging.history;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.parley.support.security.CurrentUser;

/** {@code GET /api/conversations/{id}/messages?before=SEQ|after=SEQ&limit=N} → {@code {items, hasMore}}. */
@RestController
class HistoryController {

    private final HistoryService history;

    HistoryController(HistoryService history) {
        this.history = history;
    }

    @GetMapping("/api/conversations/{conversationId}/messages")
    HistoryService.Page history(@PathVariable String conversationId,
                                @RequestParam(required = false) Long before,
                                @RequestParam(required = false) Long after,
                                @RequestParam(required = false) Integer limit,
                                CurrentUser user) {
        return history.page(conversationId, user, before, after, limit);
    }
}
