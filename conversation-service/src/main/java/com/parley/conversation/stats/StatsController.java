package com.parley.conversation.stats;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.parley.support.problem.ApiException;
import com.parley.support.security.CurrentUser;

/**
 * {@code GET /api/conversations/stats?from=&to=} (ISO instants; default the last 24 hours): staff performance,
 * claim race statistics, queue alert state. Staff see their own row, an admin everyone's.
 */
@RestController
@RequestMapping("/api/conversations")
class StatsController {

    private static final Duration MAX_PERIOD = Duration.ofDays(93);

    private final StaffStats stats;
    private final Clock clock;

    StatsController(StaffStats stats, Clock clock) {
        this.stats = stats;
        this.clock = clock;
    }

    @GetMapping("/stats")
    StaffStats.Report stats(CurrentUser user, @RequestParam(required = false) String from,
                            @RequestParam(required = false) String to) {
        if (!user.isSupportAgent()) {
            throw ApiException.forbidden("role_not_allowed", "Statistics are for staff and admins");
        }
        Instant end = to == null ? clock.instant() : parse("to", to);
        Instant start = from == null ? end.minus(Duration.ofDays(1)) : parse("from", from);
        if (!start.isBefore(end) || Duration.between(start, end).compareTo(MAX_PERIOD) > 0) {
            throw ApiException.badRequest("invalid_period", "from must be before to, at most 93 days apart");
        }
        return stats.report(user, start, end);
    }

    private static Instant parse(String name, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("invalid_period", name + " must be an ISO-8601 instant, e.g. 2026-11-22T00:00:00Z");
        }
    }
}
