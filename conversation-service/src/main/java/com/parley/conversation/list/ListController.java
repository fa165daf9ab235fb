package com.parley.conversation.list;

import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.parley.events.Role;
import com.parley.support.problem.ApiException;
import com.parley.support.security.CurrentUser;

/**
 * {@code GET /api/conversations?view=pending|mine|resolved|all&cursor=&limit=} → {@code {items, nextCursor}};
 * {@code GET /api/conversations/counts} → {@code {pending, mine, resolved}}.
 */
@RestController
@RequestMapping("/api/conversations")
class ListController {

    private final ConversationLists lists;

    ListController(ConversationLists lists) {
        this.lists = lists;
    }

    @GetMapping
    Map<String, Object> list(CurrentUser user, @RequestParam(required = false) String view,
                             @RequestParam(required = false) String cursor,
                             @RequestParam(required = false) Integer limit) {
        requireSupportSide(user);
        return ConversationLists.asJson(lists.list(user, view, cursor, limit));
    }

    @GetMapping("/counts")
    ConversationLists.Counts counts(CurrentUser user) {
        requireSupportSide(user);
        return lists.counts(user);
    }

    /** Buyers and sellers list their threads under /api/chat/threads, not here. */
    private static void requireSupportSide(CurrentUser user) {
        if (!user.isSupportAgent() && !user.has(Role.CUSTOMER)) {
            throw ApiException.forbidden("role_not_allowed", "Support lists are for customers and staff");
        }
    }
}
