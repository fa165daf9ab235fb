package com.parley.conversation.sellerstats;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.parley.events.Role;
import com.parley.support.problem.ApiException;
import com.parley.support.security.CurrentUser;

/**
 * {@code GET /api/chat/threads/response-stats?days=7|30|90} → the seller's own figures; an admin names the seller
 * with {@code sellerId=}.
 */
@RestController
class ResponseStatsController {

    private final SellerResponseStats stats;

    ResponseStatsController(SellerResponseStats stats) {
        this.stats = stats;
    }

    @GetMapping("/api/chat/threads/response-stats")
    SellerResponseStats.Figures get(CurrentUser user, @RequestParam(required = false) Integer days,
                                    @RequestParam(required = false) String sellerId) {
        int period = days == null ? 30 : days;
        if (period != 7 && period != 30 && period != 90) {
            throw ApiException.badRequest("invalid_period", "days must be 7, 30 or 90");
        }
        String seller;
        if (user.isAdmin()) {
            if (sellerId == null || sellerId.isBlank()) {
                throw ApiException.badRequest("invalid_parameter", "an admin names the seller with sellerId=");
            }
            seller = sellerId.strip();
        } else if (user.has(Role.SELLER)) {
            if (sellerId != null && !sellerId.isBlank() && !sellerId.strip().equals(user.id())) {
                throw ApiException.forbidden("role_not_allowed", "A seller sees only their own figures");
            }
            seller = user.id();
        } else {
            throw ApiException.forbidden("role_not_allowed", "Response figures are for sellers and admins");
        }
        return stats.of(seller, period);
    }
}
