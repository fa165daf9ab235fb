package com.parley.conversation.queue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import com.parley.conversation.system.ConversationProperties;
import com.parley.conversation.ticket.Conversation;
import com.parley.conversation.ticket.ConversationView.QueueInfo;
import com.parley.conversation.ticket.QueuePosition;

/**
 * A waiting customer's place in the queue and how long it will probably take.
 * <ul>
 *   <li>position: 1 + the pending tickets served before this one (higher priority, or same priority and older),
 *   the same order staff see in {@code view=pending};</li>
 *   <li>estimate: position × the queue's recent pace, measured as the average interval between the last
 *   {@code sampleSize} claims within {@code sampleWindow}; a configured default until there are enough claims.</li>
 * </ul>
 */
@Component
class QueueEstimator implements QueuePosition {

    private static final Duration PACE_CACHE = Duration.ofSeconds(10);
    private static final int MIN_CLAIMS_FOR_PACE = 5;

    private final MongoTemplate mongo;
    private final ConversationProperties.Queue properties;
    private final Clock clock;
    private final AtomicReference<Pace> pace = new AtomicReference<>();

    QueueEstimator(MongoTemplate mongo, ConversationProperties properties, Clock clock) {
        this.mongo = mongo;
        this.properties = properties.queue();
        this.clock = clock;
    }

    private record Pace(double secondsPerTicket, Instant measuredAt) {
    }

    @Override
    public QueueInfo of(Conversation ticket) {
        Criteria ahead = new Criteria().orOperator(
                Criteria.where("priorityRank").lt(ticket.priorityRank()),
                Criteria.where("priorityRank").is(ticket.priorityRank()).and("createdAt").lt(ticket.createdAt()),
                Criteria.where("priorityRank").is(ticket.priorityRank()).and("createdAt").is(ticket.createdAt())
                        .and("_id").lt(ticket.id()));
        Query query = Query.query(Criteria.where("kind").is(Conversation.SUPPORT).and("status").is(Conversation.PENDING)
                .andOperator(ahead));
        long position = mongo.count(query, Conversation.class) + 1;
        return new QueueInfo(position, Math.round(position * secondsPerTicket()));
    }

    /** Seconds between claims lately; cached briefly because every waiting customer asks. */
    double secondsPerTicket() {
        Instant now = clock.instant();
        Pace current = pace.get();
        if (current != null && current.measuredAt().plus(PACE_CACHE).isAfter(now)) {
            return current.secondsPerTicket();
        }
        Query recent = Query.query(Criteria.where("kind").is(Conversation.SUPPORT)
                        .and("firstSeenAt").gte(now.minus(properties.sampleWindow())))
                .with(Sort.by(Sort.Direction.DESC, "firstSeenAt")).limit(properties.sampleSize());
        recent.fields().include("firstSeenAt");
        List<Document> claims = mongo.find(recent, Document.class, Conversation.COLLECTION);
        double seconds = properties.defaultSecondsPerTicket();
        if (claims.size() >= MIN_CLAIMS_FOR_PACE) {
            Instant newest = claims.getFirst().getDate("firstSeenAt").toInstant();
            Instant oldest = claims.getLast().getDate("firstSeenAt").toInstant();
            seconds = Math.max(1.0, Duration.between(oldest, newest).toMillis() / 1000.0 / (claims.size() - 1));
        }
        pace.set(new Pace(seconds, now));
        return seconds;
    }
}
