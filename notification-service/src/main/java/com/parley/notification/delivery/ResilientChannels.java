package com.parley.notification.delivery;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

import com.parley.notification.channel.Notification;
import com.parley.notification.channel.NotificationChannel;
import com.parley.notification.channel.PermanentDeliveryException;
import com.parley.notification.preferences.RecipientSettings;
import com.parley.notification.system.NotificationProperties;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Every channel behind its own retry (a few quick tries with exponential back-off) around its own circuit
 * breaker (a channel that keeps failing is left alone for a while instead of being hammered). Longer outages
 * are the sweep's business: the digest stays in MongoDB and a later round tries again.
 */
@Component
public class ResilientChannels {

    private final Map<String, NotificationChannel> channels;
    private final CircuitBreakerRegistry breakers;
    private final RetryRegistry retries;

    ResilientChannels(List<NotificationChannel> channels, NotificationProperties properties, MeterRegistry meters) {
        this.channels = channels.stream().collect(Collectors.toMap(NotificationChannel::name, Function.identity(),
                (a, b) -> a, java.util.LinkedHashMap::new));
        NotificationProperties.Delivery delivery = properties.delivery();
        NotificationProperties.CircuitBreaker cb = delivery.circuitBreaker();
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .failureRateThreshold(cb.failureRateThreshold())
                .minimumNumberOfCalls(cb.minimumCalls())
                .slidingWindowSize(cb.windowSize())
                .waitDurationInOpenState(cb.openDuration())
                .permittedNumberOfCallsInHalfOpenState(1)
                .ignoreExceptions(PermanentDeliveryException.class)
                .build());
        this.retries = RetryRegistry.of(RetryConfig.custom()
                .maxAttempts(delivery.attempts())
                .intervalFunction(IntervalFunction.ofExponentialBackoff(delivery.retryBackoff(), 2.0))
                .ignoreExceptions(PermanentDeliveryException.class, CallNotPermittedException.class)
                .build());
        this.channels.keySet().forEach(name -> {
            breakers.circuitBreaker(name);
            retries.retry(name);
        });
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
        TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(meters);
    }

    public List<NotificationChannel> channels() {
        return List.copyOf(channels.values());
    }

    public CircuitBreaker.State state(String channel) {
        return breakers.circuitBreaker(channel).getState();
    }

    /** Delivers through the channel's retry and circuit breaker; never throws. */
    public Attempt deliver(NotificationChannel channel, RecipientSettings recipient, Notification notification) {
        AtomicInteger tries = new AtomicInteger();
        Runnable once = () -> {
            tries.incrementAndGet();
            channel.deliver(recipient, notification);
        };
        Runnable guarded = Retry.decorateRunnable(retries.retry(channel.name()),
                CircuitBreaker.decorateRunnable(breakers.circuitBreaker(channel.name()), once));
        try {
            guarded.run();
            return new Attempt(Attempt.Result.DELIVERED, tries.get(), null);
        } catch (PermanentDeliveryException e) {
            return new Attempt(Attempt.Result.PERMANENT_FAILURE, tries.get(), e.getMessage());
        } catch (CallNotPermittedException e) {
            return new Attempt(Attempt.Result.FAILED, tries.get(), "circuit breaker of " + channel.name() + " is open");
        } catch (RuntimeException e) {
            return new Attempt(Attempt.Result.FAILED, tries.get(), String.valueOf(e.getMessage()));
        }
    }

    /** How one delivery round on one channel went; {@code tries} counts real calls to the channel. */
    public record Attempt(Result result, int tries, String error) {

        public enum Result { DELIVERED, FAILED, PERMANENT_FAILURE }
    }
}
