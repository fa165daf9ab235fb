package com.parley.messaging.history;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

import com.parley.messaging.access.ConversationAccessGuard;
import com.parley.messaging.send.Message;
import com.parley.messaging.send.MessageView;
import com.parley.messaging.system.MessagingProperties;
import com.parley.support.problem.ApiException;
import com.parley.support.security.CurrentUser;

/**
 * Pages of a conversation's messages by seq (docs/CONTRACTS.md): {@code before} = the newest {@code limit} with
 * seq &lt; before, {@code after} = the oldest {@code limit} with seq &gt; after, neither = the newest {@code limit}.
 * Items are always ascending. Paging by seq (not by offset or time) keeps pages stable while messages arrive.
 */
@Service
class HistoryService {

    private final MongoTemplate mongo;
    private final ConversationAccessGuard access;
    private final MessagingProperties.History properties;

    HistoryService(MongoTemplate mongo, ConversationAccessGuard access, MessagingProperties properties) {
        this.mongo = mongo;
        this.access = access;
        this.properties = properties.history();
    }

    /** @param hasMore for {@code after}: newer messages exist; otherwise older ones do */
    record Page(List<MessageView> items, boolean hasMore) {
    }

    Page page(String conversationId, CurrentUser user, Long before, Long after, Integer limit) {
        if (before != null && after != null) {
            throw ApiException.badRequest("invalid_parameter", "Use either before or after, not both");
        }
        if ((before != null && before < 1) || (after != null && after < 0)) {
            throw ApiException.badRequest("invalid_parameter", "before must be >= 1 and after >= 0");
        }
        if (limit != null && limit < 1) {
            throw ApiException.badRequest("invalid_parameter", "limit must be at least 1");
        }
        int size = limit == null ? properties.defaultLimit() : Math.min(limit, properties.maxLimit());
        access.requireRead(conversationId, user);

        Criteria criteria = Criteria.where("conversationId").is(conversationId);
        boolean ascending = after != null;
        if (before != null) {
            criteria = criteria.and("seq").lt(before);
        } else if (after != null) {
            criteria = criteria.and("seq").gt(after);
        }
        Query query = new Query(criteria)
                .with(Sort.by(ascending ? Sort.Direction.ASC : Sort.Direction.DESC, "seq"))
                .limit(size + 1);
        query.fields().exclude("moderation").exclude("outbox");
        List<Message> found = new ArrayList<>(mongo.find(query, Message.class));
        boolean hasMore = found.size() > size;
        if (hasMore) {
            found.removeLast();
        }
        if (!ascending) {
            Collections.reverse(found);
        }
        return new Page(found.stream().map(MessageView::of).toList(), hasMore);
    }
}
