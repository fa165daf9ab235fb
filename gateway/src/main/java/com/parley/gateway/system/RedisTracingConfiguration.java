package com.parley.gateway.system;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Configuration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.tracing.Tracing;

/**
 * With spans sampled (1.0), the gateway's first Redis connection timed out in its handshake under Lettuce 6.8's
 * Micrometer instrumentation, which Boot installs ("Connection initialization timed out", three starts out of three;
 * at sampling 0 it started). While spans are sampled, Redis commands are therefore not observed (no Redis spans
 * and no {@code lettuce_*} timers); at sampling 0, the default, nothing changes.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(ClientResources.class)
@ConditionalOnExpression("${management.tracing.sampling.probability:0.1} > 0")
public class RedisTracingConfiguration {

    @Bean
    static BeanPostProcessor redisCommandsUntraced() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof ClientResources resources && resources.tracing().isEnabled()
                        ? resources.mutate().tracing(Tracing.disabled()).build()
                        : bean;
            }
        };
    }
}
