package com.parley.conversation.ticket;

import java.util.ArrayList;
import java.util.List;

/**
 * What a conversation must still look like for a change to apply: the write filter of one atomic
 * {@code findAndModify}, decided by the domain ({@link Ticket}, {@link BuyerSellerThread}) and translated by
 * {@link TicketStore} alone. A value of {@code null} means "the field is absent or null".
 */
public record Precondition(String conversationId, List<Condition> conditions) {

    public enum Operator { EQUALS, LESS_THAN }

    /** One field's expected value ({@code assignedTo.id} style paths, as the document's properties). */
    public record Condition(String field, Operator operator, Object value) {
    }

    public Precondition {
        conditions = List.copyOf(conditions);
    }

    public static Precondition of(String conversationId) {
        return new Precondition(conversationId, List.of());
    }

    public Precondition and(String field, Object value) {
        return with(new Condition(field, Operator.EQUALS, value));
    }

    public Precondition andLessThan(String field, Object value) {
        return with(new Condition(field, Operator.LESS_THAN, value));
    }

    /** The value this precondition requires of {@code field}, for tests and log lines; null when it sets none. */
    public Object expected(String field) {
        return conditions.stream().filter(c -> c.field().equals(field)).map(Condition::value).findFirst()
                .orElse(null);
    }

    public boolean constrains(String field) {
        return conditions.stream().anyMatch(c -> c.field().equals(field));
    }

    private Precondition with(Condition condition) {
        List<Condition> all = new ArrayList<>(conditions);
        all.add(condition);
        return new Precondition(conversationId, all);
    }
}
