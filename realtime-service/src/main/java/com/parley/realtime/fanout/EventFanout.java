package com.parley.realtime.fanout;

import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

import com.parley.events.access.AccessPolicy;
import com.parley.events.access.ConversationKind;
import com.parley.events.access.ConversationStatus;
import com.parley.events.access.EventFrame;
import com.parley.events.access.EventFrame.FrameType;
import com.parley.events.ConversationClaimed;
import com.parley.events.ConversationCreated;
import com.parley.events.ConversationUpdated;
import com.parley.events.EventCodec;
import com.parley.events.EventEnvelope;
import com.parley.events.EventPayload;
import com.parley.events.MessageRead;
import com.parley.events.MessageSent;
import com.parley.events.MessageUpdated;
import com.parley.events.UnknownEvent;
import com.parley.realtime.connection.ClientConnection;
import com.parley.realtime.connection.Frames;
import com.parley.realtime.connection.LocalConnections;
import com.parley.realtime.connection.OutboundFrame;
import com.parley.realtime.conversation.ConversationMembers;
import com.parley.realtime.resume.RecentMessages;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns each Kafka event into frames for the sockets of this node. Every node consumes every event (a consumer
 * group per node) and delivers to its own sockets only, so a client on node A gets what a client on node B
 * caused. Delivery only queues frames per socket; it never waits for a client.
 *
 * <p>Before delivering, the node records what later frames need: the participants (typing, resume
 * authorisation) and, for messages, the resume buffer. A Redis failure there is logged and counted, and the live
 * delivery still happens (a later resume then reports a gap rather than losing the live frame).
 */
@Component
public class EventFanout {

    private static final Logger log = LoggerFactory.getLogger(EventFanout.class);
    private static final String SUPPORT = ConversationKind.SUPPORT.wire();

    private final EventCodec codec;
    private final LocalConnections connections;
    private final ConversationMembers members;
    private final RecentMessages recent;
    private final Frames frames;
    private final MeterRegistry meters;
    private final FannedOutEvents fannedOut = new FannedOutEvents();

    public EventFanout(EventCodec codec, LocalConnections connections, ConversationMembers members,
                       RecentMessages recent, Frames frames, MeterRegistry meters) {
        this.codec = codec;
        this.connections = connections;
        this.members = members;
        this.recent = recent;
        this.frames = frames;
        this.meters = meters;
    }

    public void onRecord(ConsumerRecord<String, byte[]> record) {
        EventEnvelope<EventPayload> event;
        try {
            event = codec.decode(record.value());
        } catch (EventCodec.EventCodecException e) {
            // every node would dead-letter the same record; skipping it here is enough (the owners DLT it)
            meters.counter("parley.realtime.events.undecodable").increment();
            log.warn("Skipping undecodable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
            return;
        }
        meters.counter("parley.realtime.events.consumed", "type", event.type()).increment();
        if (fannedOut.contains(event.eventId())) {
            meters.counter("parley.realtime.frames.dropped", "reason", "duplicate_event").increment();
            log.debug("{} {} was fanned out already; skipped", event.type(), event.eventId());
            return;
        }
        String conversationId = event.conversationId();
        int sockets = switch (event.payload()) {
            case ConversationCreated c -> {
                learn(conversationId, c.kind(), c.participantIds(), event);
                Set<ClientConnection> to = connections.ofUsers(c.participantIds());
                if (staffBroadcast(FrameType.CONVERSATION_CREATED, c.kind(), c.status())) {
                    to.addAll(connections.supportAgents());
                }
                yield deliver(to, frames.frame("conversation.created", EventViews.created(conversationId, c),
                        event.occurredAt()));
            }
            case ConversationClaimed c -> {
                learn(conversationId, SUPPORT, c.participantIds(), event);
                Set<ClientConnection> to = connections.ofUsers(c.participantIds());
                if (staffBroadcast(FrameType.CONVERSATION_CLAIMED, SUPPORT, null)) {
                    to.addAll(connections.supportAgents());
                }
                yield deliver(to, frames.frame("conversation.claimed", EventViews.claimed(conversationId, c),
                        event.occurredAt()));
            }
            case ConversationUpdated u -> {
                learn(conversationId, u.kind(), u.participantIds(), event);
                Set<ClientConnection> to = connections.ofUsers(u.participantIds());
                if (u.previousAssignee() != null) {
                    to.addAll(connections.ofUser(u.previousAssignee().id()));
                }
                if (staffBroadcast(FrameType.CONVERSATION_UPDATED, u.kind(), u.status())) {
                    to.addAll(connections.supportAgents()); // back in the queue: every dashboard shows it again
                }
                yield deliver(to, frames.frame("conversation.updated", EventViews.updated(conversationId, u),
                        event.occurredAt()));
            }
            case MessageSent m -> {
                learn(conversationId, m.conversationKind(), m.participantIds(), event);
                String json = frames.toJson(EventViews.message(conversationId, m));
                buffer(() -> recent.append(conversationId, m.seq(), json), event);
                OutboundFrame frame = frames.rawFrame("message.new", json, event.occurredAt());
                Set<ClientConnection> to = connections.ofUsers(m.participantIds());
                for (ClientConnection connection : to) {
                    connection.deliverMessage(conversationId, m.seq(), frame);
                }
                yield to.size();
            }
            case MessageRead r -> {
                learn(conversationId, null, r.participantIds(), event);
                yield deliver(connections.ofUsers(r.participantIds()),
                        frames.frame("message.read", EventViews.read(conversationId, r), event.occurredAt()));
            }
            case MessageUpdated u -> {
                learn(conversationId, u.conversationKind(), u.participantIds(), event);
                buffer(() -> recent.update(conversationId, u.seq(), json -> edited(json, u)), event);
                yield deliver(connections.ofUsers(u.participantIds()), frames.frame("message.updated",
                        EventViews.messageUpdated(conversationId, u), event.occurredAt()));
            }
            case UnknownEvent unknown -> 0; // a newer producer's type: nothing to show yet
        };
        // only once every socket got it: a failure above is retried by the container, and must not be skipped then
        fannedOut.add(event.eventId());
        log.debug("{} {} of conversation {} → {} local sockets", event.type(), event.eventId(), conversationId,
                sockets);
    }

    private int deliver(Collection<ClientConnection> to, OutboundFrame frame) {
        for (ClientConnection connection : to) {
            connection.send(frame);
        }
        return to.size();
    }

    /** The shared policy's answer: do all support agents' sockets get this frame (queue changes)? */
    private static boolean staffBroadcast(FrameType type, String kind, String status) {
        return AccessPolicy.isStaffBroadcast(new EventFrame(type, ConversationKind.of(kind),
                ConversationStatus.of(status), List.of(), null));
    }

    private void learn(String conversationId, String kind, List<String> participantIds, EventEnvelope<?> event) {
        buffer(() -> members.learn(conversationId, kind, participantIds, event.occurredAt()), event);
    }

    private void buffer(Runnable write, EventEnvelope<?> event) {
        try {
            write.run();
        } catch (DataAccessException e) {
            meters.counter("parley.realtime.redis.failures").increment();
            log.warn("Redis write for {} {} failed; delivering live anyway: {}", event.type(), event.eventId(),
                    e.toString());
        }
    }

    /** The buffered message after an edit or a delete, so a resume shows its current state. */
    private String edited(String json, MessageUpdated u) {
        ObjectNode node = (ObjectNode) frames.json().readTree(json);
        if ("deleted".equals(u.change())) {
            node.putNull("content");
        } else if (u.content() != null) {
            node.put("content", u.content());
        }
        node.put("editedAt", u.editedAt() == null ? null : u.editedAt().toString());
        node.put("deletedAt", u.deletedAt() == null ? null : u.deletedAt().toString());
        return frames.toJson(node);
    }
}
