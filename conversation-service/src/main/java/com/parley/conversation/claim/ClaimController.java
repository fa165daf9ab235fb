package com.parley.conversation.claim;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.parley.conversation.ticket.ConversationView;
import com.parley.support.security.CurrentUser;

/**
 * {@code PUT /api/conversations/{id}/seen}: 200 with the ticket when the caller holds it (now or already);
 * 409 {@code already_claimed} with {@code claimedBy {id, name}} when someone else does.
 */
@RestController
@RequestMapping("/api/conversations")
class ClaimController {

    private final ClaimService claims;

    ClaimController(ClaimService claims) {
        this.claims = claims;
    }

    @PutMapping("/{id}/seen")
    ConversationView seen(CurrentUser user, @PathVariable String id) {
        ClaimService.Claimed claimed = claims.claim(user, id);
        return ConversationView.of(claimed.ticket()).withActivity(claimed.ticket().activity());
    }
}
