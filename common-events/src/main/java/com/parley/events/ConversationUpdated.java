package com.parley.events;

import java.util.List;

/**
 * A conversation changed: status, assignee, priority or tags.
 *
 * @param change what happened, a stable token: {@code resolved, closed, reopened, released, transferred,
 *               auto_released, priority_changed, tags_changed, escalated}
 * @param participantIds the users who may read it after the change
 */
public record ConversationUpdated(
        String kind,
        String ticketNumber,
        String change,
        String status,
        String previousStatus,
        UserRef assignee,
        UserRef previousAssignee,
        String priority,
        List<String> tags,
        List<String> participantIds) implements EventPayload {
}
