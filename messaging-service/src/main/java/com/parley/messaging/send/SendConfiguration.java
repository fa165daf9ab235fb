package com.parley.messaging.send;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;

import com.parley.messaging.system.MessagingProperties;
import com.parley.support.outbox.Outbox;

import io.micrometer.core.instrument.MeterRegistry;

@Configuration(proxyBeanMethods = false)
class SendConfiguration {

    @Bean
    SequencedMessageAppender sequencedMessageAppender(MongoTemplate mongo, Outbox outbox, Clock clock,
                                                      MessagingProperties properties, MeterRegistry meters) {
        return new SequencedMessageAppender(mongo, outbox, clock, properties.send(), meters);
    }
}
