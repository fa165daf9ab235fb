package com.parley.support.fence;

import java.time.Duration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.micrometer.core.instrument.MeterRegistry;

/** The fence exists in every service that talks to Redis (conversation-service raises it, messaging reads it). */
@AutoConfiguration(afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass(StringRedisTemplate.class)
@EnableConfigurationProperties(FenceConfiguration.FenceProperties.class)
public class FenceConfiguration {

    @Bean
    @ConditionalOnBean(StringRedisTemplate.class)
    ConversationVersionFence conversationVersionFence(StringRedisTemplate redis, FenceProperties properties,
                                                      MeterRegistry meters) {
        return new ConversationVersionFence(redis, properties.keepFor(), meters);
    }

    /** @param keepFor how long a fence outlives the conversation's last change: far longer than any event lag */
    @ConfigurationProperties("parley.fence")
    public record FenceProperties(@DefaultValue("24h") Duration keepFor) {
    }
}
