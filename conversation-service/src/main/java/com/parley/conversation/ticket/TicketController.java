package com.parley.conversation.ticket;

import java.net.URI;

import jakarta.validation.Valid;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.parley.support.security.CurrentUser;

/**
 * {@code POST /api/conversations}: 201 with the new pending ticket; a retry with the same idempotency key answers
 * 200 with the same ticket (header {@code Idempotent-Replayed: true}).
 * {@code GET /api/conversations/{id}}: read without claiming.
 */
@RestController
@RequestMapping("/api/conversations")
class TicketController {

    private final TicketCreation creation;
    private final TicketStore store;
    private final QueuePosition queue;

    TicketController(TicketCreation creation, TicketStore store, QueuePosition queue) {
        this.creation = creation;
        this.store = store;
        this.queue = queue;
    }

    @PostMapping
    ResponseEntity<ConversationView> create(CurrentUser user, @Valid @RequestBody CreateTicketRequest request,
                                            @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        TicketCreation.Created created = creation.create(user, request, key);
        ConversationView view = withQueue(created.ticket());
        if (created.replayed()) {
            return ResponseEntity.ok().header("Idempotent-Replayed", "true").body(view);
        }
        return ResponseEntity.created(URI.create("/api/conversations/" + view.id())).body(view);
    }

    @GetMapping("/{id}")
    ConversationView get(CurrentUser user, @PathVariable String id) {
        Conversation c = ReadAccess.readable(user, store, id);
        ConversationView view = withQueue(c);
        return user.isSupportAgent() ? view.withActivity(c.activity()) : view;
    }

    private ConversationView withQueue(Conversation c) {
        ConversationView view = ConversationView.of(c);
        return Conversation.PENDING.equals(c.status()) && c.isSupport() ? view.withQueue(queue.of(c)) : view;
    }
}
