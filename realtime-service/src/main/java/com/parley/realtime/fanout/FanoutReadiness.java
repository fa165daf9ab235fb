package com.parley.realtime.fanout;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.stereotype.Component;

/**
 * The node is ready for sockets once its consumer owns its partitions: it reads from the end of the topics, so
 * events published before that would never reach its sockets. Positions are resolved at assignment time, so
 * "ready" really means "every later event will be seen". Part of the readiness group.
 */
@Component("kafkaFanout")
public class FanoutReadiness implements ConsumerAwareRebalanceListener, HealthIndicator {

    private final Set<TopicPartition> assigned = ConcurrentHashMap.newKeySet();

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            consumer.position(partition);
        }
        assigned.addAll(partitions);
    }

    @Override
    public void onPartitionsRevokedAfterCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        assigned.removeAll(partitions);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        assigned.removeAll(partitions);
    }

    public boolean ready() {
        return !assigned.isEmpty();
    }

    @Override
    public Health health() {
        return (ready() ? Health.up() : Health.outOfService()).withDetail("partitions", assigned.size()).build();
    }
}
