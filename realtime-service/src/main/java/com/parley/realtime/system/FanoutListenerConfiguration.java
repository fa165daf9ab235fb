package com.parley.realtime.system;

import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.MessageListener;

import com.parley.events.Topics;
import com.parley.realtime.fanout.EventFanout;
import com.parley.realtime.fanout.FanoutReadiness;
import com.parley.support.events.EventsConfiguration;

/**
 * One Kafka consumer per node, in a consumer group of its own ({@code realtime-<nodeId>}): every node sees every
 * conversation and message event and delivers it to its own sockets. It starts at the end of the topics (a node
 * that starts has no sockets waiting for old events; reconnecting clients resume from the Redis buffer).
 */
@Configuration(proxyBeanMethods = false)
class FanoutListenerConfiguration {

    @Bean
    ConcurrentMessageListenerContainer<String, byte[]> fanoutListenerContainer(
            @Qualifier(EventsConfiguration.EVENT_LISTENER_FACTORY)
            ConcurrentKafkaListenerContainerFactory<String, byte[]> factory,
            EventFanout fanout, FanoutReadiness readiness, RealtimeProperties properties) {
        ConcurrentMessageListenerContainer<String, byte[]> container =
                factory.createContainer(Topics.CONVERSATIONS, Topics.MESSAGES);
        ContainerProperties containerProperties = container.getContainerProperties();
        containerProperties.setGroupId("realtime-" + properties.nodeId());
        containerProperties.setClientId("realtime-" + properties.nodeId());
        Properties consumer = new Properties();
        consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        containerProperties.setKafkaConsumerProperties(consumer);
        containerProperties.setConsumerRebalanceListener(readiness);
        containerProperties.setMessageListener((MessageListener<String, byte[]>) fanout::onRecord);
        container.setBeanName("realtimeFanout");
        return container;
    }
}
