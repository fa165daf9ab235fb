package com.parley.conversation.system;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

import com.parley.support.outbox.OutboxSource;

/**
 * Wiring: the clock every feature reads time from, the outbox source that makes the relay drain
 * {@code conversations}, and scheduling for the gauges, claim-stat flushes and the auto-release sweep.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class ConversationConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Events of one conversation sit in array order on its document; across documents order does not matter. */
    @Bean
    OutboxSource conversationsOutbox() {
        return new OutboxSource(Collections.CONVERSATIONS, "updatedAt");
    }
}
