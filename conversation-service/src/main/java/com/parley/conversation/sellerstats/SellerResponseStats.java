package com.parley.conversation.sellerstats;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

import com.parley.conversation.system.ConversationProperties;

/**
 * A seller's response figures over the last {@code days} days, from the buyer messages asked in that window:
 * <ul>
 *   <li>{@code buyerMessages}: those answered, plus those unanswered for longer than {@code answerWithin} (24 h);
 *       an unanswered message younger than that is not yet due and counts nowhere;</li>
 *   <li>{@code answeredWithin24h}: those answered within {@code answerWithin};</li>
 *   <li>{@code responseRate} = answeredWithin24h / buyerMessages, 0..1 (null without buyer messages);</li>
 *   <li>{@code medianResponseSeconds}: median of the answered ones' response times, however long they took (the
 *       mean of the two middle values for an even count; null when none was answered).</li>
 * </ul>
 */
@Service
class SellerResponseStats {

    private final MongoTemplate mongo;
    private final Clock clock;
    private final Duration answerWithin;

    SellerResponseStats(MongoTemplate mongo, Clock clock, ConversationProperties properties) {
        this.mongo = mongo;
        this.clock = clock;
        this.answerWithin = properties.threads().answerWithin();
    }

    record Figures(String sellerId, int days, long buyerMessages, long answeredWithin24h, Double responseRate,
                   Long medianResponseSeconds) {
    }

    Figures of(String sellerId, int days) {
        Instant now = clock.instant();
        Query query = Query.query(Criteria.where("sellerId").is(sellerId).and("askedAt")
                .gte(now.minus(Duration.ofDays(days))).lte(now));
        List<ResponseSample> samples = mongo.find(query, ResponseSample.class);
        long limit = answerWithin.toSeconds();
        Instant dueBefore = now.minus(answerWithin);
        long counted = 0;
        long inTime = 0;
        List<Long> times = new java.util.ArrayList<>();
        for (ResponseSample s : samples) {
            if (s.answeredAt() != null) {
                counted++;
                times.add(s.responseSeconds());
                if (s.responseSeconds() <= limit) {
                    inTime++;
                }
            } else if (s.askedAt().isBefore(dueBefore)) {
                counted++;
            }
        }
        return new Figures(sellerId, days, counted, inTime, counted == 0 ? null : (double) inTime / counted,
                median(times));
    }

    static Long median(List<Long> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
