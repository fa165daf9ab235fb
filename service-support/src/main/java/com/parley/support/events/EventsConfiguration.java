package com.parley.support.events;

import java.time.Clock;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.annotation.EnableKafka;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

import com.parley.events.EventCodec;
import com.parley.events.Topics;
import com.parley.support.observability.TraceContexts;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;

/**
 * Kafka wiring shared by every service: raw JSON bytes on the wire (the codec owns the format), producers
 * that do not lose or duplicate (acks=all, idempotence), listeners that retry with back-off and then park a
 * poison record on {@code <topic>-dlt} instead of blocking the partition.
 */
@AutoConfiguration(afterName = "org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration")
@EnableKafka
@EnableConfigurationProperties(ProcessedEventsProperties.class)
public class EventsConfiguration {

    public static final String EVENT_LISTENER_FACTORY = "eventListenerFactory";

    @Bean
    @ConditionalOnMissingBean
    EventCodec eventCodec() {
        return new EventCodec();
    }

    @Bean
    KafkaTemplate<String, byte[]> eventKafkaTemplate(KafkaProperties properties,
                                                     ObjectProvider<DefaultKafkaProducerFactoryCustomizer> customizers) {
        Map<String, Object> config = properties.buildProducerProperties();
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 1);
        // a send fails within seconds when the broker is down; the outbox keeps the event and retries
        config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        config.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        config.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        DefaultKafkaProducerFactory<String, byte[]> producerFactory = new DefaultKafkaProducerFactory<>(config);
        // Boot's customizers add the Kafka client metrics (Micrometer listener) to its own factories; ours get them too
        customizers.orderedStream().forEach(customizer -> customizer.customize(producerFactory));
        KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(producerFactory);
        // a span per send, and the trace context in the record headers for the listeners to continue
        template.setObservationEnabled(true);
        return template;
    }

    @Bean
    @ConditionalOnMissingBean
    TraceContexts traceContexts(ObjectProvider<Tracer> tracer) {
        return new TraceContexts(tracer);
    }

    @Bean
    EventPublisher eventPublisher(KafkaTemplate<String, byte[]> eventKafkaTemplate, EventCodec codec,
                                  MeterRegistry meters, TraceContexts traces) {
        return new EventPublisher(eventKafkaTemplate, codec, meters, traces);
    }

    @Bean(EVENT_LISTENER_FACTORY)
    ConcurrentKafkaListenerContainerFactory<String, byte[]> eventListenerFactory(
            KafkaProperties properties, KafkaTemplate<String, byte[]> eventKafkaTemplate,
            ObjectProvider<DefaultKafkaConsumerFactoryCustomizer> customizers) {
        Map<String, Object> config = properties.buildConsumerProperties();
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        ConcurrentKafkaListenerContainerFactory<String, byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();
        DefaultKafkaConsumerFactory<String, byte[]> consumerFactory = new DefaultKafkaConsumerFactory<>(config);
        // the client metrics include kafka_consumer_fetch_manager_records_lag: consumer lag per group on the dashboard
        customizers.orderedStream().forEach(customizer -> customizer.customize(consumerFactory));
        factory.setConsumerFactory(consumerFactory);
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxElapsedTime(10_000);
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(eventKafkaTemplate,
                (record, e) -> new TopicPartition(record.topic() + Topics.DEAD_LETTER_SUFFIX, -1));
        DefaultErrorHandler errorHandler = new DefaultErrorHandler(recoverer, backOff);
        errorHandler.addNotRetryableExceptions(EventCodec.EventCodecException.class);
        factory.setCommonErrorHandler(errorHandler);
        factory.getContainerProperties().setObservationEnabled(true);
        return factory;
    }

    @Bean
    KafkaAdmin.NewTopics parleyTopics() {
        return new KafkaAdmin.NewTopics(
                TopicBuilder.name(Topics.CONVERSATIONS).partitions(6).build(),
                TopicBuilder.name(Topics.MESSAGES).partitions(6).build(),
                TopicBuilder.name(Topics.CONVERSATIONS + Topics.DEAD_LETTER_SUFFIX).partitions(1).build(),
                TopicBuilder.name(Topics.MESSAGES + Topics.DEAD_LETTER_SUFFIX).partitions(1).build());
    }

    @Bean
    @ConditionalOnBean(MongoTemplate.class)
    @ConditionalOnMissingBean
    ProcessedEvents processedEvents(MongoTemplate mongo, ProcessedEventsProperties properties) {
        return new ProcessedEvents(mongo, properties, Clock.systemUTC());
    }
}
