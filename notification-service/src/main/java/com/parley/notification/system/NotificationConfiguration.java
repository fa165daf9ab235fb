package com.parley.notification.system;

import java.time.Clock;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.MicrometerConsumerListener;

import com.parley.support.events.EventsConfiguration;

import io.micrometer.core.instrument.MeterRegistry;

/** Wiring: the clock, the dead-letter topic, Kafka client metrics (consumer lag) on the shared listeners. */
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

    /**
     * The shared listener factory builds its own consumer factory, which Boot's Kafka metrics do not see; this
     * binds the Kafka client metrics ({@code kafka.consumer.fetch.manager.records.lag.max} …) to Micrometer.
     */
    @Bean
    Object eventListenerConsumerMetrics(
            @org.springframework.beans.factory.annotation.Qualifier(EventsConfiguration.EVENT_LISTENER_FACTORY)
            ConcurrentKafkaListenerContainerFactory<String, byte[]> factory, MeterRegistry meters) {
        @SuppressWarnings("unchecked")
        ConsumerFactory<String, byte[]> consumers = (ConsumerFactory<String, byte[]>) factory.getConsumerFactory();
        MicrometerConsumerListener<String, byte[]> listener = new MicrometerConsumerListener<>(meters);
        consumers.addListener(listener);
        return listener;
    }
}
