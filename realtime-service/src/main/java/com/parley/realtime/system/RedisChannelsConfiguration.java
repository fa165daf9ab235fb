package com.parley.realtime.system;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * Ephemeral signals between realtime nodes (typing, presence changes) go over Redis pub/sub: every node
 * subscribes and delivers to its own sockets; nothing is stored and nothing goes through Kafka.
 */
@Configuration(proxyBeanMethods = false)
class RedisChannelsConfiguration {

    @Bean
    RedisMessageListenerContainer realtimeChannels(RedisConnectionFactory redis, List<ChannelListener> listeners) {
        RedisMessageListenerContainer container = new RedisMessageListenerContainer();
        container.setConnectionFactory(redis);
        for (ChannelListener listener : listeners) {
            container.addMessageListener(listener, new ChannelTopic(listener.channel()));
        }
        return container;
    }
}
