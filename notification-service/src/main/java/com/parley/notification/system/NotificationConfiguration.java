package com.parley.notification.system;

import java.time.Clock;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** Wiring: the clock and the dead-letter topic (Kafka client metrics come with service-support's factories). */
@Configuration(proxyBeanMethods = false)
class NotificationConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    NewTopic notificationDeadLetterTopic(NotificationProperties properties) {
        return TopicBuilder.name(properties.delivery().deadLetterTopic()).partitions(1).build();
    }
}
