package com.parley.conversation.ticket;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;

import com.parley.events.EventEnvelope;
import com.parley.support.problem.ApiException;

/**
 * What the domain answers to a request for change: a {@link Transition} for the store to apply atomically,
 * {@link Unchanged} when the request is already satisfied (an idempotent re-claim), or a {@link Refusal} with
 * its problem code. Deciding writes nothing, so every rule is testable without a database.
 */
public sealed interface Decision {

    /**
     * @param change the stable token of the change ({@code claimed}, {@code resolved} …), for metrics and logs
     */
    record Transition(String change, String fromStatus, String toStatus, Precondition precondition, Change write,
                      List<EventEnvelope<?>> events) implements Decision {

        public Transition {
            events = List.copyOf(events);
        }

        /** The same transition, also conditional on {@code field < value} (a message's seq, for the read model). */
        public Transition alsoRequiringLess(String field, Object value) {
            return new Transition(change, fromStatus, toStatus, precondition.andLessThan(field, value), write, events);
        }

        /** The same transition with {@code more} written in the same update. */
        public Transition alsoWriting(Change more) {
            return new Transition(change, fromStatus, toStatus, precondition, write.and(more), events);
        }
    }

    /** Nothing to do: the caller already has what they asked for. */
    record Unchanged(Conversation conversation) implements Decision {
    }

    record Refusal(HttpStatus status, String code, String detail, Map<String, Object> properties)
            implements Decision {

        public Refusal {
            properties = properties == null ? Map.of() : Map.copyOf(properties);
        }

        public static Refusal of(HttpStatus status, String code, String detail) {
            return new Refusal(status, code, detail, Map.of());
        }

        public ApiException toException() {
            return new ApiException(status, code, detail, properties);
        }
    }

    /** The transition, or the refusal thrown as the problem it stands for. */
    default Transition orThrow() {
        return switch (this) {
            case Transition t -> t;
            case Refusal r -> throw r.toException();
            case Unchanged u -> throw new IllegalStateException("No transition: already " + u.conversation().status());
        };
    }
}
