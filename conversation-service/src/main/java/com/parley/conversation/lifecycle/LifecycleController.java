package com.parley.conversation.lifecycle;

import jakarta.validation.Valid;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.parley.conversation.ticket.ConversationView;
import com.parley.conversation.ticket.Ticket;
import com.parley.support.security.CurrentUser;

/** {@code POST /api/conversations/{id}/resolve | close | reopen | release | transfer}: 200 with the ticket. */
@RestController
@RequestMapping("/api/conversations/{id}")
class LifecycleController {

    private final LifecycleService lifecycle;

    LifecycleController(LifecycleService lifecycle) {
        this.lifecycle = lifecycle;
    }

    @PostMapping("/resolve")
    ConversationView resolve(CurrentUser user, @PathVariable String id) {
        return view(user, lifecycle.apply(user, id, Ticket.Action.RESOLVE, null));
    }

    @PostMapping("/close")
    ConversationView close(CurrentUser user, @PathVariable String id) {
        return view(user, lifecycle.apply(user, id, Ticket.Action.CLOSE, null));
    }

    @PostMapping("/reopen")
    ConversationView reopen(CurrentUser user, @PathVariable String id) {
        return view(user, lifecycle.apply(user, id, Ticket.Action.REOPEN, null));
    }

    @PostMapping("/release")
    ConversationView release(CurrentUser user, @PathVariable String id) {
        return view(user, lifecycle.apply(user, id, Ticket.Action.RELEASE, null));
    }

    @PostMapping("/transfer")
    ConversationView transfer(CurrentUser user, @PathVariable String id, @Valid @RequestBody TransferRequest request) {
        return view(user, lifecycle.apply(user, id, Ticket.Action.TRANSFER, request));
    }

    private static ConversationView view(CurrentUser user, com.parley.conversation.ticket.Conversation c) {
        ConversationView view = ConversationView.of(c);
        return user.isSupportAgent() ? view.withActivity(c.activity()) : view;
    }
}
