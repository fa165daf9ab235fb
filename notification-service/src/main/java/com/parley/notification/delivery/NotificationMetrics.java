package com.parley.notification.delivery;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The {@code parley.notifications} counter: one per notification per channel, tagged
 * {@code outcome=sent|suppressed|failed} and a {@code reason}. Suppressions decided before any channel is
 * chosen (online, own message) carry {@code channel=all}.
 */
@Component
public class NotificationMetrics {

    public static final String ALL_CHANNELS = "all";

    private final MeterRegistry meters;

    NotificationMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    public void sent(String channel) {
        count(channel, "sent", "none", 1);
    }

    /** {@code reason}: online, coalesced, preference, own_message, system_message, read. */
    public void suppressed(String channel, String reason, int howMany) {
        count(channel, "suppressed", reason, howMany);
    }

    /** {@code reason}: retries_exhausted, permanent_failure. */
    public void failed(String channel, String reason) {
        count(channel, "failed", reason, 1);
    }

    private void count(String channel, String outcome, String reason, int howMany) {
        if (howMany > 0) {
            meters.counter("parley.notifications", "channel", channel, "outcome", outcome, "reason", reason)
                    .increment(howMany);
        }
    }
}
