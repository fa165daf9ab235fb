package com.parley.conversation.thread;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

import com.parley.conversation.list.PageCursor;
import com.parley.conversation.ticket.Conversation;
import com.parley.conversation.ticket.ConversationView;
import com.parley.events.Role;
import com.parley.support.problem.ApiException;
import com.parley.support.security.CurrentUser;

/**
 * The caller's threads, as buyer, as seller or both, newest activity first ({@code lastMessageAt}, which starts at
 * the thread's creation, then {@code createdAt}, then id), keyset-paginated. Each item carries the caller's own
 * unread count as {@code unreadCount}.
 */
@Service
class ThreadInbox {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;
    private static final List<PageCursor.Key> ORDER = List.of(new PageCursor.Key("lastMessageAt", Sort.Direction.DESC),
            new PageCursor.Key("createdAt", Sort.Direction.DESC), new PageCursor.Key("_id", Sort.Direction.DESC));

    private final MongoTemplate mongo;

    ThreadInbox(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    record Filter(String as, boolean unreadOnly, String productId, String orderId) {
    }

    record Page(List<ConversationView> items, String nextCursor) {
    }

    Page list(CurrentUser user, Filter filter, String cursor, Integer limit) {
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw ApiException.badRequest("invalid_limit", "limit must be between 1 and " + MAX_LIMIT);
        }
        List<String> sides = sides(user, filter.as());
        List<Criteria> mine = new ArrayList<>();
        for (String side : sides) {
            Criteria own = Criteria.where(side + "Id").is(user.id());
            mine.add(filter.unreadOnly() ? own.and("unread." + side).gt(0) : own);
        }
        List<Criteria> all = new ArrayList<>(List.of(Criteria.where("kind").is(Conversation.BUYER_SELLER),
                mine.size() == 1 ? mine.getFirst() : new Criteria().orOperator(mine)));
        if (filter.productId() != null && !filter.productId().isBlank()) {
            all.add(Criteria.where("productId").is(filter.productId().strip()));
        }
        if (filter.orderId() != null && !filter.orderId().isBlank()) {
            all.add(Criteria.where("orderId").is(filter.orderId().strip()));
        }
        // the cursor is bound to the side it was issued for; the filters are the caller's to repeat
        String view = "threads:" + String.join("+", sides);
        if (cursor != null && !cursor.isBlank()) {
            all.add(PageCursor.decode(cursor.strip(), view, ORDER.size()).after(ORDER));
        }
        Query query = Query.query(new Criteria().andOperator(all)).limit(size + 1)
                .with(Sort.by(ORDER.stream().map(k -> new Sort.Order(k.direction(), k.field())).toList()));
        query.fields().exclude("outbox").exclude("activity");
        List<Conversation> found = mongo.find(query, Conversation.class);
        boolean more = found.size() > size;
        List<Conversation> page = more ? found.subList(0, size) : found;
        String next = null;
        if (more) {
            Conversation last = page.getLast();
            next = new PageCursor(view, List.of(last.lastMessageAt(), last.createdAt(), last.id())).encode();
        }
        return new Page(page.stream().map(c -> ConversationView.of(c).withUnreadCount(unreadFor(user, c))).toList(),
                next);
    }

    /** The caller's side of a thread (buyer or seller), its unread count. */
    static int unreadFor(CurrentUser user, Conversation c) {
        String side = user.id().equals(c.sellerId()) ? "seller" : "buyer";
        return c.unread().getOrDefault(side, 0);
    }

    private static List<String> sides(CurrentUser user, String as) {
        if (as == null || as.isBlank()) {
            return List.of("buyer", "seller");
        }
        String side = as.strip().toLowerCase(Locale.ROOT);
        if (!side.equals("buyer") && !side.equals("seller")) {
            throw ApiException.badRequest("invalid_parameter", "as must be buyer or seller");
        }
        if (user.isAdmin() || user.has(Role.valueOf(side.toUpperCase(Locale.ROOT)))
                || side.equals("buyer") && user.has(Role.CUSTOMER)) {
            return List.of(side);
        }
        throw ApiException.forbidden("role_not_allowed", "You have no threads as " + side);
    }
}
