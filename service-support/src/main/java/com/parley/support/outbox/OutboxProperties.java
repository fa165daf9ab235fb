package com.parley.support.outbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param pollInterval how often the relay looks for events that a write did not hand over directly
 * @param batchSize    documents per round
 * @param publishTimeout how long one publish may wait for the broker before the relay backs off
 * @param maxBackoff   the longest pause after failures (the broker is down)
 */
@ConfigurationProperties("parley.outbox")
public record OutboxProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("500ms") Duration pollInterval,
        @DefaultValue("200") int batchSize,
        @DefaultValue("5s") Duration publishTimeout,
        @DefaultValue("5s") Duration maxBackoff) {
}
