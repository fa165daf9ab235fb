package com.parley.conversation.list;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Criteria;

import com.parley.support.problem.ApiException;

/**
 * An opaque keyset cursor: the sort-key values of the last item of a page, plus the view it belongs to. The next
 * page is "after these values in this sort order", which stays correct while tickets are added or claimed (an
 * offset would skip or repeat items).
 */
public record PageCursor(String view, List<Object> values) {

    /** One sort key of a view, in order. */
    public record Key(String field, Sort.Direction direction) {
    }

    public String encode() {
        StringBuilder text = new StringBuilder("v1|").append(view);
        for (Object value : values) {
            text.append('|').append(switch (value) {
                case Integer i -> "i" + i;
                case Instant t -> "t" + t.toEpochMilli();
                case String s -> "s" + s;
                default -> throw new IllegalArgumentException("Cannot put " + value + " in a cursor");
            });
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    public static PageCursor decode(String cursor, String expectedView, int keys) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = text.split("\\|", -1);
            if (parts.length != keys + 2 || !"v1".equals(parts[0]) || !expectedView.equals(parts[1])) {
                throw invalid();
            }
            List<Object> values = new ArrayList<>();
            for (int i = 2; i < parts.length; i++) {
                String part = parts[i];
                values.add(switch (part.isEmpty() ? ' ' : part.charAt(0)) {
                    case 'i' -> Integer.parseInt(part.substring(1));
                    case 't' -> Instant.ofEpochMilli(Long.parseLong(part.substring(1)));
                    case 's' -> part.substring(1);
                    default -> throw invalid();
                });
            }
            return new PageCursor(expectedView, values);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
    }

    /** Items strictly after this cursor: (k1 > v1) or (k1 = v1 and k2 > v2) or … (">" meaning "<" for DESC). */
    public Criteria after(List<Key> keys) {
        List<Criteria> alternatives = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            Criteria alternative = null;
            for (int j = 0; j < i; j++) {
                alternative = alternative == null ? Criteria.where(keys.get(j).field()).is(values.get(j))
                        : alternative.and(keys.get(j).field()).is(values.get(j));
            }
            Key key = keys.get(i);
            alternative = alternative == null ? Criteria.where(key.field()) : alternative.and(key.field());
            alternative = key.direction().isAscending() ? alternative.gt(values.get(i)) : alternative.lt(values.get(i));
            alternatives.add(alternative);
        }
        return new Criteria().orOperator(alternatives);
    }

    private static ApiException invalid() {
        return ApiException.badRequest("invalid_cursor", "The cursor is not valid for this list; start again without one");
    }
}
