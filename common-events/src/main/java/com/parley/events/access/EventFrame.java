package com.parley.events.access;

import java.util.List;

/**
 * What realtime knows when it fans an event out as a frame: the frame type, the conversation's kind and status
 * after the event, who takes part, and (for a release or a transfer) who held the ticket before.
 */
public record EventFrame(
        FrameType type,
        ConversationKind kind,
        ConversationStatus status,
        List<String> participantIds,
        String previousAssigneeId) {

    public EventFrame {
        participantIds = participantIds == null ? List.of() : List.copyOf(participantIds);
    }

    /** The frames the realtime protocol pushes for conversation and message events. */
    public enum FrameType {
        CONVERSATION_CREATED("conversation.created"),
        CONVERSATION_CLAIMED("conversation.claimed"),
        CONVERSATION_UPDATED("conversation.updated"),
        MESSAGE_NEW("message.new"),
        MESSAGE_READ("message.read"),
        MESSAGE_UPDATED("message.updated");

        private final String wire;

        FrameType(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }
}
