package com.parley.realtime.system;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the realtime node. Defaults are safe for a local run; tests shorten the clocks.
 *
 * @param nodeId             this node's name in the registry and its Kafka consumer group; random when blank,
 *                           so every instance gets its own group and sees every event
 * @param heartbeatInterval  how often the node refreshes the TTL of its sessions in Redis
 * @param sessionTtl         how long registry entries live without a heartbeat (a crashed node's users go
 *                           offline after this); must be a few heartbeats long
 * @param outboundBufferSize frames queued per socket before the socket counts as a slow consumer and is closed
 * @param sendTimeLimit      longest a single socket write may block before the socket counts as a slow consumer
 * @param maxFrameSize       largest client frame accepted; larger ones close the socket with 1009
 * @param pingInterval       how often the server pings every socket
 * @param maxMissedPongs     pings in a row without any answer before the socket is closed as dead
 * @param resumeGrace        how long a new socket holds back live {@code message.new} frames waiting for the
 *                           client's first frame (normally {@code resume}), so a resume is never overtaken
 * @param resumeBufferSize   recent messages kept per conversation for {@code resume}
 * @param resumeBufferTtl    how long a conversation's recent messages are kept after its last message
 * @param resumeMaxMessages  most messages one {@code resume} replays; beyond it the client gets
 *                           {@code resume.gap} and reads history over REST
 * @param membersTtl         how long the participants learnt from events are kept after the last event
 * @param allowedOrigins     origin patterns allowed to open a socket (tokens, not cookies, authenticate, so
 *                           cross-site use is harmless; restrict it anyway in production)
 */
@ConfigurationProperties("parley.realtime")
public record RealtimeProperties(
        String nodeId,
        @DefaultValue("5s") Duration heartbeatInterval,
        @DefaultValue("30s") Duration sessionTtl,
        @DefaultValue("256") int outboundBufferSize,
        @DefaultValue("10s") Duration sendTimeLimit,
        @DefaultValue("16KB") DataSize maxFrameSize,
        @DefaultValue("25s") Duration pingInterval,
        @DefaultValue("2") int maxMissedPongs,
        @DefaultValue("2s") Duration resumeGrace,
        @DefaultValue("1000") int resumeBufferSize,
        @DefaultValue("24h") Duration resumeBufferTtl,
        @DefaultValue("2000") int resumeMaxMessages,
        @DefaultValue("7d") Duration membersTtl,
        @DefaultValue("*") List<String> allowedOrigins) {

    public RealtimeProperties {
        if (nodeId == null || nodeId.isBlank()) {
            nodeId = "rt-" + UUID.randomUUID().toString().substring(0, 8);
        }
        if (sessionTtl.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("parley.realtime.session-ttl must be at least two heartbeat intervals");
        }
    }
}
