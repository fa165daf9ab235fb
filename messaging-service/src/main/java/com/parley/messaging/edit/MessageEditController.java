package com.parley.messaging.edit;

import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import com.parley.messaging.send.MessageView;
import com.parley.support.security.CurrentUser;

/**
 * {@code PATCH /api/conversations/{id}/messages/{messageId} {content}} and
 * {@code DELETE /api/conversations/{id}/messages/{messageId}}: both answer 200 with the message as history shows it.
 */
@RestController
class MessageEditController {

    private final MessageEditService edits;

    MessageEditController(MessageEditService edits) {
        this.edits = edits;
    }

    record EditRequest(String content) {
    }

    @PatchMapping("/api/conversations/{conversationId}/messages/{messageId}")
    MessageView edit(@PathVariable String conversationId, @PathVariable String messageId,
                     @RequestBody EditRequest request, CurrentUser user) {
        return edits.edit(conversationId, messageId, user, request.content());
    }

    @DeleteMapping("/api/conversations/{conversationId}/messages/{messageId}")
    MessageView delete(@PathVariable String conversationId, @PathVariable String messageId, CurrentUser user) {
        return edits.delete(conversationId, messageId, user);
    }
}
