package com.parley.realtime.connection;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

import com.parley.support.security.CurrentUser;

/**
 * One client socket on this node. Nothing but its own writer thread ever writes to the socket: producers (the
 * Kafka consumer, Redis pub/sub, the inbound handler) only put frames in a queue, so a client that does not
 * read never holds up anyone else. The queue is bounded ({@code outbound-buffer-size} live frames); when it is
 * full, or one write blocks longer than {@code send-time-limit}, the socket is closed with 4008 and the client
 * reconnects and resumes.
 *
 * <p>Messages ({@code message.new}) are de-duplicated per conversation by seq: the socket remembers the seqs it
 * delivered (the last {@value #REMEMBERED_SEQS} per conversation, and everything up to what the client said it has
 * seen) and drops those, so a resume racing with live events sends each message once. A message that arrives
 * after a higher seq (its event was published late, e.g. by an outbox sweep after a broker outage) is still
 * delivered: dropping it as "not above the highest" lost it for this socket. Until the client's first frame (or {@code resume-grace}) live messages are held back, so a
 * {@code resume} that arrives right after connecting is served first and everything comes in seq order.
 */
public final class ClientConnection {

    private static final Logger log = LoggerFactory.getLogger(ClientConnection.class);
    private static final OutboundFrame STOP = new OutboundFrame("stop", null, null, false, null);

    private final WebSocketSession session;
    private final CurrentUser user;
    private final Instant connectedAt = Instant.now();
    private final Instant tokenExpiresAt;
    private final int bufferSize;
    private final Duration sendTimeLimit;
    private final ConnectionMetrics metrics;

    private final LinkedBlockingQueue<OutboundFrame> outbound = new LinkedBlockingQueue<>();
    /** Live frames in the queue; replayed ones are counted apart, they are bounded by resume-max-messages. */
    private final AtomicInteger queuedLive = new AtomicInteger();
    private final AtomicInteger queuedReplay = new AtomicInteger();
    private final AtomicInteger missedPongs = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile long writeStartedNanos;
    private volatile long writeBlockedNanos;
    private volatile String status = "online";

    static final int REMEMBERED_SEQS = 1024;

    // guarded by this
    /** Highest seq delivered or seen by the client, per conversation. */
    private final Map<String, Long> deliveredSeq = new HashMap<>();
    /** Everything at or below this the client has (it said so in resume), per conversation. */
    private final Map<String, Long> seenUpTo = new HashMap<>();
    /** Seqs delivered above {@code seenUpTo}, the newest {@link #REMEMBERED_SEQS}, per conversation. */
    private final Map<String, java.util.TreeSet<Long>> deliveredSeqs = new HashMap<>();
    private final List<HeldMessage> held = new ArrayList<>();
    private boolean gateOpen;
    private boolean resuming;

    private record HeldMessage(String conversationId, long seq, OutboundFrame frame) {
    }

    ClientConnection(WebSocketSession session, CurrentUser user, Instant tokenExpiresAt, int bufferSize,
                     Duration sendTimeLimit, ConnectionMetrics metrics) {
        this.session = session;
        this.user = user;
        this.tokenExpiresAt = tokenExpiresAt;
        this.bufferSize = bufferSize;
        this.sendTimeLimit = sendTimeLimit;
        this.metrics = metrics;
    }

    void start() {
        Thread.ofVirtual().name("ws-writer-" + session.getId()).start(this::writeLoop);
    }

    public String sessionId() {
        return session.getId();
    }

    public CurrentUser user() {
        return user;
    }

    public Instant connectedAt() {
        return connectedAt;
    }

    public String status() {
        return status;
    }

    public void status(String status) {
        this.status = status;
    }

    public boolean isOpen() {
        return !closed.get() && session.isOpen();
    }

    /**
     * Queues a frame. Returns false when the socket is closed or was just closed as a slow consumer because its
     * buffer is full.
     */
    public boolean send(OutboundFrame frame) {
        if (closed.get()) {
            metrics.dropped("closed");
            return false;
        }
        if (queuedLive.incrementAndGet() > bufferSize) {
            queuedLive.decrementAndGet();
            metrics.dropped("buffer_full");
            log.info("Closing socket {} of user {}: outbound buffer of {} frames is full", sessionId(), user.id(),
                    bufferSize);
            close(CloseCodes.SLOW_CONSUMER);
            return false;
        }
        outbound.add(frame);
        return true;
    }

    /** A live {@code message.new}: held back until the gate opens, dropped when this socket already had it. */
    public synchronized void deliverMessage(String conversationId, long seq, OutboundFrame frame) {
        if (!gateOpen) {
            if (held.size() < bufferSize) {
                held.add(new HeldMessage(conversationId, seq, frame));
                return;
            }
            // the client is not reading its frames: too much held back is a slow consumer like a full buffer
            close(CloseCodes.SLOW_CONSUMER);
            return;
        }
        sendIfNew(conversationId, seq, frame, false);
    }

    /**
     * Runs {@code work} while no live message can be queued for this socket: a resume reads the buffer and queues
     * its messages inside, so a live message is either already among them (dropped as a duplicate) or comes after.
     */
    public synchronized <T> T exclusively(java.util.function.Supplier<T> work) {
        return work.get();
    }

    /** The client says it has seen everything up to {@code seq}: nothing at or below it is sent again. */
    public synchronized void markSeen(String conversationId, long seq) {
        deliveredSeq.merge(conversationId, seq, Math::max);
        long floor = seenUpTo.merge(conversationId, seq, Math::max);
        java.util.TreeSet<Long> delivered = deliveredSeqs.get(conversationId);
        if (delivered != null) {
            delivered.headSet(floor, true).clear();
        }
    }

    /** Highest seq delivered (or seen by the client) in that conversation, or -1. */
    public synchronized long lastSeq(String conversationId) {
        return deliveredSeq.getOrDefault(conversationId, -1L);
    }

    /** Queues a replayed message unless this socket already had it; replays do not count against the buffer. */
    public synchronized boolean replayMessage(String conversationId, long seq, OutboundFrame frame) {
        return sendIfNew(conversationId, seq, frame, true);
    }

    public int queuedReplays() {
        return queuedReplay.get();
    }

    /**
     * A resume starts. Returns true when live messages are still held back: the resume may then read the buffer
     * without holding this socket's lock (nothing live can overtake it) and must end with {@link #finishResume}.
     */
    public synchronized boolean beginResume() {
        if (gateOpen) {
            return false;
        }
        resuming = true;
        return true;
    }

    /** Queues the resume's frames (inside this socket's lock), then releases the held live messages. */
    public synchronized void finishResume(Runnable queueReplay) {
        try {
            queueReplay.run();
        } finally {
            resuming = false;
            openGate();
        }
    }

    /** Sends the live messages held since connecting, in arrival order, skipping those already delivered. */
    public synchronized void openGate() {
        if (gateOpen || resuming) {
            return;
        }
        gateOpen = true;
        for (HeldMessage message : held) {
            sendIfNew(message.conversationId(), message.seq(), message.frame(), false);
        }
        held.clear();
    }

    private boolean sendIfNew(String conversationId, long seq, OutboundFrame frame, boolean replay) {
        java.util.TreeSet<Long> delivered = deliveredSeqs.computeIfAbsent(conversationId, id -> new java.util.TreeSet<>());
        boolean tooOldToTell = delivered.size() >= REMEMBERED_SEQS && seq < delivered.first();
        if (seq <= seenUpTo.getOrDefault(conversationId, -1L) || delivered.contains(seq) || tooOldToTell) {
            metrics.dropped("duplicate");
            return false;
        }
        delivered.add(seq);
        if (delivered.size() > REMEMBERED_SEQS) {
            delivered.pollFirst();
        }
        deliveredSeq.merge(conversationId, seq, Math::max);
        if (!replay) {
            return send(frame);
        }
        if (closed.get()) {
            return false;
        }
        queuedReplay.incrementAndGet();
        outbound.add(frame.asReplay());
        return true;
    }

    // --- liveness -------------------------------------------------------------------------------------------

    void pongReceived() {
        missedPongs.set(0);
    }

    /** Called once per ping interval: true when the socket has missed too many pongs. */
    boolean pingDue(int maxMissedPongs) {
        if (missedPongs.getAndIncrement() >= maxMissedPongs) {
            return true;
        }
        send(OutboundFrame.PING);
        return false;
    }

    boolean tokenExpired(Instant now) {
        return tokenExpiresAt != null && now.isAfter(tokenExpiresAt);
    }

    /** True while one write has been blocked longer than the send time limit. */
    boolean writeStuck(long nowNanos) {
        long started = writeStartedNanos;
        return started != 0 && nowNanos - started > sendTimeLimit.toNanos();
    }

    // --- writing and closing --------------------------------------------------------------------------------

    private void writeLoop() {
        try {
            while (true) {
                OutboundFrame frame = outbound.take();
                if (frame == STOP) {
                    return;
                }
                (frame.replay() ? queuedReplay : queuedLive).decrementAndGet();
                if (!session.isOpen()) {
                    return;
                }
                long started = System.nanoTime();
                writeStartedNanos = started;
                try {
                    metrics.traced(frame, () -> session.sendMessage(frame.message()));
                } finally {
                    writeStartedNanos = 0;
                    writeBlockedNanos = System.nanoTime() - started;
                }
                metrics.written(frame);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            if (!closed.get()) {
                // a write that ran into the send time limit is a client not reading; anything else a broken socket
                boolean timedOut = writeBlockedNanos >= sendTimeLimit.toNanos();
                log.info("Write to socket {} of user {} failed after {} ms, closing it: {}", sessionId(), user.id(),
                        writeBlockedNanos / 1_000_000, e.toString());
                close(timedOut ? CloseCodes.SLOW_CONSUMER : CloseCodes.WRITE_FAILED);
            }
        }
    }

    /** Closes the socket with {@code status} (once; the close itself runs off the caller's thread). */
    public void close(CloseStatus status) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        metrics.closed(status.getReason() == null ? String.valueOf(status.getCode()) : status.getReason());
        outbound.clear();
        outbound.add(STOP);
        Thread.ofVirtual().name("ws-close-" + session.getId()).start(() -> {
            try {
                session.close(status);
            } catch (IOException | RuntimeException e) {
                log.debug("Closing socket {} failed: {}", sessionId(), e.toString());
            }
        });
    }

    /** The socket is gone (closed by either side): stop the writer. */
    void terminated(CloseStatus status) {
        if (closed.compareAndSet(false, true)) {
            // the container closes by itself oversized frames (1009) and writes that hit the send time limit
            // (1006 "Write timeout", from inside the blocked write); everything else is the client leaving
            String reason = status.getCode() == CloseCodes.FRAME_TOO_LARGE ? "frame_too_large"
                    : writeStuck(System.nanoTime()) || String.valueOf(status.getReason()).contains("timeout")
                    ? "slow_consumer" : "disconnected";
            if (reason.equals("slow_consumer")) {
                log.info("Socket {} of user {} dropped: a write blocked longer than {}", sessionId(), user.id(),
                        sendTimeLimit);
            }
            metrics.closed(reason);
        }
        outbound.clear();
        outbound.add(STOP);
    }

    @Override
    public String toString() {
        return "socket " + sessionId() + " of " + user.id();
    }
}
