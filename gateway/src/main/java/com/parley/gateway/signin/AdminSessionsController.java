package com.parley.gateway.signin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.http.HttpStatus;
import org.springframework.session.ReactiveFindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;

import com.parley.gateway.system.ApiProblem;

/**
 * What an admin sees before ending someone's sessions: {@code GET /api/admin/users?q=} finds people who have
 * signed in (by name or id) with how many sessions they have open and when they were last seen;
 * {@code GET /api/admin/users/{userId}/sessions} lists those sessions. Ending them is
 * {@code DELETE /api/admin/users/{userId}/sessions} ({@link SessionController}). Session ids are never shown:
 * they are the cookie's value; a short digest tells sessions apart instead.
 */
@RestController
@ConditionalOnSignIn
class AdminSessionsController {

    private static final Pattern USER_ID = Pattern.compile("[\\p{Alnum}._:@-]{1,128}");
    private static final int MAX_RESULTS = 20;

    private final PeopleDirectory people;
    private final ReactiveFindByIndexNameSessionRepository<? extends Session> index;
    private final Duration absoluteTimeout;
    private final Clock clock = Clock.systemUTC();

    AdminSessionsController(PeopleDirectory people, ReactiveFindByIndexNameSessionRepository<? extends Session> index,
                            SignInProperties properties) {
        this.people = people;
        this.index = index;
        this.absoluteTimeout = properties.absoluteTimeout();
    }

    record SessionView(String ref, Instant signedInAt, Instant lastSeen, Instant expiresAt) {
    }

    record PersonView(String userId, String name, List<String> roles, int activeSessions, Instant lastSeen) {
    }

    record PersonSessions(String userId, String name, List<String> roles, int activeSessions, Instant lastSeen,
                          List<SessionView> sessions) {
    }

    @GetMapping("/api/admin/users")
    Mono<Map<String, List<PersonView>>> search(@RequestParam(name = "q", required = false) String query) {
        String q = query == null ? "" : query.strip();
        if (q.length() > 100) {
            throw invalid("q", "at most 100 characters");
        }
        return people.search(q, MAX_RESULTS)
                .concatMap(person -> sessionsOf(person.userId()).map(sessions -> new PersonView(person.userId(),
                        person.name(), person.roles(), sessions.size(), lastSeen(sessions))))
                .collectList()
                .map(items -> Map.of("items", items));
    }

    @GetMapping("/api/admin/users/{userId}/sessions")
    Mono<PersonSessions> sessions(@PathVariable String userId) {
        if (!USER_ID.matcher(userId).matches()) {
            throw invalid("userId", "may contain letters, digits and . _ : @ - only (1-128)");
        }
        return people.find(userId)
                .defaultIfEmpty(new PeopleDirectory.Person(userId, userId, List.of()))
                .zipWith(sessionsOf(userId))
                .map(found -> new PersonSessions(userId, found.getT1().name(), found.getT1().roles(),
                        found.getT2().size(), lastSeen(found.getT2()), found.getT2()));
    }

    /** The person's sessions still alive: neither idle too long (Redis expires those) nor past the absolute timeout. */
    private Mono<List<SessionView>> sessionsOf(String userId) {
        Instant now = clock.instant();
        return index.findByPrincipalName(userId)
                .map(found -> found.values().stream()
                        .filter(s -> !s.isExpired() && s.getCreationTime().plus(absoluteTimeout).isAfter(now))
                        .map(s -> {
                            Instant idleEnd = s.getLastAccessedTime().plus(s.getMaxInactiveInterval());
                            Instant absoluteEnd = s.getCreationTime().plus(absoluteTimeout);
                            return new SessionView(digest(s.getId()), s.getCreationTime(), s.getLastAccessedTime(),
                                    idleEnd.isBefore(absoluteEnd) ? idleEnd : absoluteEnd);
                        })
                        .sorted(Comparator.comparing(SessionView::lastSeen).reversed())
                        .toList())
                .defaultIfEmpty(List.of());
    }

    private static Instant lastSeen(List<SessionView> sessions) {
        return sessions.stream().map(SessionView::lastSeen).max(Comparator.naturalOrder()).orElse(null);
    }

    private static String digest(String sessionId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(sessionId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ApiProblem invalid(String field, String message) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "validation_failed", "The request has invalid fields",
                Map.of("errors", List.of(Map.of("field", field, "message", message))));
    }
}
