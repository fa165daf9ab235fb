package com.parley.conversation.escalation;

import java.net.URI;

import jakarta.validation.Valid;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import com.parley.conversation.ticket.ConversationView;
import com.parley.support.security.CurrentUser;

/**
 * {@code POST /api/chat/threads/{id}/escalate {reason}} (the thread's seller): 201 with the new support ticket,
 * 200 with the same ticket on every later call.
 */
@RestController
class EscalationController {

    private final ThreadEscalation escalation;

    EscalationController(ThreadEscalation escalation) {
        this.escalation = escalation;
    }

    @PostMapping("/api/chat/threads/{id}/escalate")
    ResponseEntity<ConversationView> escalate(CurrentUser user, @PathVariable String id,
                                              @Valid @RequestBody EscalateRequest request) {
        ThreadEscalation.Escalated escalated = escalation.escalate(user, id, request.reason());
        ConversationView view = ConversationView.of(escalated.ticket());
        if (escalated.existing()) {
            return ResponseEntity.ok(view);
        }
        return ResponseEntity.created(URI.create("/api/conversations/" + view.id())).body(view);
    }
}
