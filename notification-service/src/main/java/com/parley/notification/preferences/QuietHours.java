package com.parley.notification.preferences;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;

import com.parley.support.problem.ApiException;

/**
 * A daily span, in the user's own time zone, when nothing is delivered. It may cross midnight
 * ({@code 22:00}–{@code 07:00}). Notifications falling into it are deferred to its end, not dropped.
 */
public record QuietHours(String start, String end, String timezone) {

    /** Checks the values a user sent; 400 with a stable code when they make no sense. */
    public QuietHours validated() {
        LocalTime from = time(start, "start");
        LocalTime to = time(end, "end");
        if (from.equals(to)) {
            throw ApiException.badRequest("invalid_quiet_hours", "Quiet hours must not start and end at the same time");
        }
        zone();
        return this;
    }

    /** When the quiet span that contains {@code now} ends, or null when {@code now} is not quiet. */
    public Instant endOfQuietSpan(Instant now) {
        ZonedDateTime local = now.atZone(zone());
        LocalTime from = LocalTime.parse(start);
        LocalTime to = LocalTime.parse(end);
        LocalTime time = local.toLocalTime();
        boolean quiet = from.isBefore(to)
                ? !time.isBefore(from) && time.isBefore(to)
                : !time.isBefore(from) || time.isBefore(to);
        if (!quiet) {
            return null;
        }
        ZonedDateTime endToday = local.with(to);
        return (endToday.isAfter(local) ? endToday : endToday.plusDays(1)).toInstant();
    }

    private ZoneId zone() {
        try {
            return ZoneId.of(timezone);
        } catch (DateTimeException e) {
            throw ApiException.badRequest("invalid_timezone", "Unknown time zone '" + timezone + "'");
        }
    }

    private static LocalTime time(String value, String field) {
        try {
            return LocalTime.parse(value);
        } catch (DateTimeParseException | NullPointerException e) {
            throw ApiException.badRequest("invalid_quiet_hours", "Quiet hours " + field + " must be HH:mm");
        }
    }
}
