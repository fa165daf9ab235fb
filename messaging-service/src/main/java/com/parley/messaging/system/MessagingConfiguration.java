package com.parley.messaging.system;

import java.net.http.HttpClient;
import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.parley.support.outbox.OutboxSource;

/**
 * Wiring: the two collections whose documents carry outbox entries, the clock, and the HTTP client of the
 * access-check fallback.
 */
@Configuration(proxyBeanMethods = false)
class MessagingConfiguration {

    /** chat.message.sent / chat.message.updated ride on the message document; seq order keeps a conversation in order. */
    @Bean
    OutboxSource messagesOutbox() {
        return new OutboxSource(Collections.MESSAGES, "seq");
    }

    /** chat.message.read rides on the reader's receipt document. */
    @Bean
    OutboxSource readReceiptsOutbox() {
        return new OutboxSource(Collections.READ_RECEIPTS, "readAt");
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    HttpClient conversationServiceHttpClient(MessagingProperties properties) {
        return HttpClient.newBuilder()
                .connectTimeout(properties.conversationService().timeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }
}
