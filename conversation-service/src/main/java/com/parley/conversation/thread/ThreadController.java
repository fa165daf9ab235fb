package com.parley.conversation.thread;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.validation.Valid;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.parley.conversation.ticket.ConversationView;
import com.parley.support.security.CurrentUser;

/**
 * {@code POST /api/chat/threads}: 201 with a new thread, 200 with the existing one for the same buyer, seller and
 * product (or order). {@code GET /api/chat/threads?as=&unread=&productId=&orderId=&cursor=&limit=} → the caller's
 * inbox {@code {items, nextCursor}}. One thread is read at {@code GET /api/conversations/{id}}.
 */
@RestController
@RequestMapping("/api/chat/threads")
class ThreadController {

    private final ThreadOpening opening;
    private final ThreadInbox inbox;

    ThreadController(ThreadOpening opening, ThreadInbox inbox) {
        this.opening = opening;
        this.inbox = inbox;
    }

    @PostMapping
    ResponseEntity<ConversationView> open(CurrentUser user, @Valid @RequestBody OpenThreadRequest request) {
        ThreadOpening.Opened opened = opening.open(user, request);
        ConversationView view = ConversationView.of(opened.thread())
                .withUnreadCount(ThreadInbox.unreadFor(user, opened.thread()));
        if (opened.existing()) {
            return ResponseEntity.ok(view);
        }
        return ResponseEntity.created(URI.create("/api/conversations/" + view.id())).body(view);
    }

    @GetMapping
    Map<String, Object> list(CurrentUser user, @RequestParam(required = false) String as,
                             @RequestParam(required = false) String unread,
                             @RequestParam(required = false) String productId,
                             @RequestParam(required = false) String orderId,
                             @RequestParam(required = false) String cursor,
                             @RequestParam(required = false) Integer limit) {
        ThreadInbox.Page page = inbox.list(user, new ThreadInbox.Filter(as, "true".equalsIgnoreCase(unread),
                productId, orderId), cursor, limit);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("items", page.items());
        json.put("nextCursor", page.nextCursor());
        return json;
    }
}
