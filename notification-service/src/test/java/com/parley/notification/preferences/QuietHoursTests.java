package com.parley.notification.preferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.parley.support.problem.ApiException;

class QuietHoursTests {

    final QuietHours overnightInBerlin = new QuietHours("22:00", "07:00", "Europe/Berlin");

    @Test
    void aSpanAcrossMidnightEndsTheNextMorningInTheUsersZone() {
        // 23:30 in Berlin (CET, UTC+1) → quiet until 07:00 Berlin = 06:00 UTC next day
        assertThat(overnightInBerlin.endOfQuietSpan(Instant.parse("2026-01-05T22:30:00Z")))
                .isEqualTo(Instant.parse("2026-01-06T06:00:00Z"));
        // 05:00 Berlin → until 07:00 Berlin the same day
        assertThat(overnightInBerlin.endOfQuietSpan(Instant.parse("2026-01-06T04:00:00Z")))
                .isEqualTo(Instant.parse("2026-01-06T06:00:00Z"));
    }

    @Test
    void outsideTheSpanNothingIsQuiet() {
        assertThat(overnightInBerlin.endOfQuietSpan(Instant.parse("2026-01-06T12:00:00Z"))).isNull();
        assertThat(new QuietHours("12:00", "14:00", "UTC").endOfQuietSpan(Instant.parse("2026-01-06T14:00:00Z")))
                .as("the end is exclusive").isNull();
        assertThat(new QuietHours("12:00", "14:00", "UTC").endOfQuietSpan(Instant.parse("2026-01-06T12:00:00Z")))
                .isEqualTo(Instant.parse("2026-01-06T14:00:00Z"));
    }

    @Test
    void nonsenseIsRefusedWithStableCodes() {
        assertThatThrownBy(() -> new QuietHours("22:00", "07:00", "Mars/Olympus").validated())
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("invalid_timezone"));
        assertThatThrownBy(() -> new QuietHours("07:00", "07:00", "UTC").validated())
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("invalid_quiet_hours"));
    }
}
