package com.parley.events;

import java.util.List;

/**
 * A conversation changed: status, assignee, priority or tags.
 *
 * @param change what happened, a stable token: {@code resolved, closed, reopened, released, transferred,
 *               auto_released, priority_changed, tags_changed, escalated}
 * @param participantIds the users who may read it after the change
 * @param conversationVersion the conversation's version after this change (it only grows, with every change of
 *                       status, assignee or participants), so a consumer can ignore an event older than what it has
 *                       already applied; null from producers before it was added
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
        List<String> participantIds,
        Long conversationVersion) implements EventPayload {

    /** Without a version (what producers sent before {@code conversationVersion} existed). */
    public ConversationUpdated(String kind, String ticketNumber, String change, String status, String previousStatus,
                               UserRef assignee, UserRef previousAssignee, String priority, List<String> tags,
                               List<String> participantIds) {
        this(kind, ticketNumber, change, status, previousStatus, assignee, previousAssignee, priority, tags,
                participantIds, null);
    }
}
