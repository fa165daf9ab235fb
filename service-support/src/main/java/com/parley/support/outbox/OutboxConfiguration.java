package com.parley.support.outbox;

import java.util.List;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;

import com.parley.events.EventCodec;
import com.parley.support.events.EventPublisher;
import com.parley.support.events.EventsConfiguration;
import com.parley.support.observability.TraceContexts;

import io.micrometer.core.instrument.MeterRegistry;

/** The relay runs in every service that declares at least one {@link OutboxSource}. */
@AutoConfiguration(after = EventsConfiguration.class,
        afterName = "org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration")
@EnableConfigurationProperties(OutboxProperties.class)
public class OutboxConfiguration {

    @Bean
    @ConditionalOnBean({OutboxSource.class, MongoTemplate.class})
    OutboxRelay outboxRelay(MongoTemplate mongo, EventPublisher publisher, List<OutboxSource> sources,
                            OutboxProperties properties, MeterRegistry meters) {
        return new OutboxRelay(mongo, publisher, sources, properties, meters);
    }

    @Bean
    @ConditionalOnBean(OutboxRelay.class)
    Outbox outbox(EventCodec codec, OutboxRelay relay, TraceContexts traces) {
        return new Outbox(codec, relay, traces);
    }
}
