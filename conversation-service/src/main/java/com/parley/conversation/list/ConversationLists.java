package com.parley.conversation.list;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

import com.parley.conversation.ticket.Conversation;
import com.parley.conversation.ticket.ConversationView;
import com.parley.support.problem.ApiException;
import com.parley.support.security.CurrentUser;

/**
 * The staff lists and a customer's own tickets, keyset-paginated.
 * <ul>
 *   <li>{@code pending}: every waiting ticket, highest priority first, then longest waiting;</li>
 *   <li>{@code mine}: tickets the caller holds, most recently changed first;</li>
 *   <li>{@code resolved}: resolved and closed tickets the caller handled (an admin: everyone's);</li>
 *   <li>{@code all} (admin): every conversation, newest first.</li>
 * </ul>
 * A customer gets their own tickets, newest change first, whatever the view.
 */
@Service
class ConversationLists {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;

    private static final Sort.Direction ASC = Sort.Direction.ASC;
    private static final Sort.Direction DESC = Sort.Direction.DESC;
    private static final List<PageCursor.Key> QUEUE_ORDER = List.of(new PageCursor.Key("priorityRank", ASC),
            new PageCursor.Key("createdAt", ASC), new PageCursor.Key("_id", ASC));
    private static final List<PageCursor.Key> RECENT_CHANGE = List.of(new PageCursor.Key("updatedAt", DESC),
            new PageCursor.Key("_id", DESC));
    private static final List<PageCursor.Key> NEWEST = List.of(new PageCursor.Key("createdAt", DESC),
            new PageCursor.Key("_id", DESC));

    private final MongoTemplate mongo;

    ConversationLists(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    record Page(List<ConversationView> items, String nextCursor) {
    }

    record Counts(long pending, long mine, long resolved) {
    }

    private record View(String name, Criteria filter, List<PageCursor.Key> order) {
    }

    Page list(CurrentUser user, String viewName, String cursor, Integer limit) {
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw ApiException.badRequest("invalid_limit", "limit must be between 1 and " + MAX_LIMIT);
        }
        View view = view(user, viewName);
        Criteria filter = view.filter();
        if (cursor != null && !cursor.isBlank()) {
            PageCursor after = PageCursor.decode(cursor.strip(), view.name(), view.order().size());
            filter = new Criteria().andOperator(filter, after.after(view.order()));
        }
        Query query = Query.query(filter).limit(size + 1)
                .with(Sort.by(view.order().stream().map(k -> new Sort.Order(k.direction(), k.field())).toList()));
        query.fields().exclude("outbox").exclude("activity");
        List<Conversation> found = mongo.find(query, Conversation.class);
        boolean more = found.size() > size;
        List<Conversation> page = more ? found.subList(0, size) : found;
        String next = more ? cursorAfter(view, page.getLast()) : null;
        return new Page(page.stream().map(ConversationView::of).toList(), next);
    }

    Counts counts(CurrentUser user) {
        return new Counts(count(view(user, "pending")), count(view(user, "mine")), count(view(user, "resolved")));
    }

    private long count(View view) {
        return mongo.count(Query.query(view.filter()), Conversation.class);
    }

    private View view(CurrentUser user, String requested) {
        String name = requested == null || requested.isBlank() ? "pending" : requested.strip().toLowerCase(Locale.ROOT);
        if (!List.of("pending", "mine", "resolved", "all").contains(name)) {
            throw ApiException.badRequest("invalid_view", "view must be one of pending, mine, resolved, all");
        }
        Criteria support = Criteria.where("kind").is(Conversation.SUPPORT);
        if (!user.isSupportAgent()) {
            // customers: their own tickets whatever the view; counts still split them by status
            Criteria own = support.and("customerId").is(user.id());
            return switch (name) {
                case "pending" -> new View(name, statusIs(own, Conversation.PENDING), RECENT_CHANGE);
                case "mine" -> new View(name, statusIs(own, Conversation.ASSIGNED), RECENT_CHANGE);
                case "resolved" -> new View(name, statusIn(own, Conversation.RESOLVED, Conversation.CLOSED),
                        RECENT_CHANGE);
                default -> new View(name, own, RECENT_CHANGE);
            };
        }
        return switch (name) {
            case "pending" -> new View(name, support.and("status").is(Conversation.PENDING), QUEUE_ORDER);
            case "mine" -> new View(name, support.and("assignedTo.id").is(user.id()).and("status")
                    .is(Conversation.ASSIGNED), RECENT_CHANGE);
            case "resolved" -> {
                Criteria handled = user.isAdmin() ? support : support.and("assignedTo.id").is(user.id());
                yield new View(name, statusIn(handled, Conversation.RESOLVED, Conversation.CLOSED), RECENT_CHANGE);
            }
            default -> {
                if (!user.isAdmin()) {
                    throw ApiException.forbidden("role_not_allowed", "Only an admin lists all conversations");
                }
                yield new View(name, new Criteria(), NEWEST);
            }
        };
    }

    private static Criteria statusIs(Criteria base, String status) {
        return new Criteria().andOperator(base, Criteria.where("status").is(status));
    }

    private static Criteria statusIn(Criteria base, String... statuses) {
        return new Criteria().andOperator(base, Criteria.where("status").in((Object[]) statuses));
    }

    private static String cursorAfter(View view, Conversation last) {
        List<Object> values = new ArrayList<>();
        for (PageCursor.Key key : view.order()) {
            values.add(switch (key.field()) {
                case "priorityRank" -> last.priorityRank();
                case "createdAt" -> last.createdAt();
                case "updatedAt" -> last.updatedAt();
                case "_id" -> last.id();
                default -> throw new IllegalStateException(key.field());
            });
        }
        return new PageCursor(view.name(), values).encode();
    }

    static Map<String, Object> asJson(Page page) {
        java.util.LinkedHashMap<String, Object> json = new java.util.LinkedHashMap<>();
        json.put("items", page.items());
        json.put("nextCursor", page.nextCursor());
        return json;
    }
}
