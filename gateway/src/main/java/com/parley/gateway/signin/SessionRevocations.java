package com.parley.gateway.signin;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.session.ReactiveFindByIndexNameSessionRepository;
import org.springframework.session.ReactiveSessionRepository;
import org.springframework.session.Session;

import io.micrometer.core.instrument.MeterRegistry;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Ends every session of one person (found by principal through Spring Session's index), then announces it on
 * a Redis channel: realtime-service closes that person's sockets on every node, and the sockets' reconnect
 * finds no session. The announcement goes out even when no session was found, so sockets opened with a
 * bearer token close too.
 */
final class SessionRevocations {

    private static final Logger log = LoggerFactory.getLogger(SessionRevocations.class);

    private final ReactiveFindByIndexNameSessionRepository<? extends Session> index;
    private final ReactiveSessionRepository<? extends Session> sessions;
    private final ReactiveStringRedisTemplate redis;
    private final String channel;
    private final MeterRegistry meters;

    SessionRevocations(ReactiveFindByIndexNameSessionRepository<? extends Session> index,
                       ReactiveSessionRepository<? extends Session> sessions, ReactiveStringRedisTemplate redis,
                       String channel, MeterRegistry meters) {
        this.index = index;
        this.sessions = sessions;
        this.redis = redis;
        this.channel = channel;
        this.meters = meters;
    }

    /** Ends all sessions of {@code userId}; {@code reason} ({@code self} or {@code admin}) tags the metric. */
    Mono<Integer> endAll(String userId, String reason, String actorId) {
        return index.findByPrincipalName(userId)
                .flatMap(found -> Flux.fromIterable(found.keySet()).concatMap(sessions::deleteById)
                        .then(Mono.just(found.size())))
                .defaultIfEmpty(0)
                .flatMap(ended -> redis.convertAndSend(channel, userId).thenReturn(ended))
                .doOnNext(ended -> {
                    meters.counter("parley.gateway.sessions.revoked", "reason", reason).increment(ended);
                    log.info("Ended {} session(s) of {} ({}, asked by {}); announced on {}", ended, userId, reason,
                            actorId, channel);
                });
    }
}
