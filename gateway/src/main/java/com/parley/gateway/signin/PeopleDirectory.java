package com.parley.gateway.signin;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Who has signed in through the gateway (id, name, roles), kept in two Redis hashes, so an admin can find a
 * staff member by name or id without knowing the exact principal. The gateway has no user directory of its
 * own: this one only knows people after their first sign-in, which is all an admin needs to end sessions
 * (someone who never signed in has none). Small by nature (a shop's staff and sellers), so a search reads it
 * whole.
 */
final class PeopleDirectory {

    static final String NAMES = "parley:people:names";
    static final String ROLES = "parley:people:roles";

    record Person(String userId, String name, List<String> roles) {
    }

    private final ReactiveStringRedisTemplate redis;

    PeopleDirectory(ReactiveStringRedisTemplate redis) {
        this.redis = redis;
    }

    Mono<Void> remember(SessionUser user) {
        return redis.opsForHash().put(NAMES, user.id(), user.name())
                .then(redis.opsForHash().put(ROLES, user.id(), String.join(",", user.roles())))
                .then();
    }

    Mono<Person> find(String userId) {
        return redis.opsForHash().get(NAMES, userId)
                .zipWith(redis.opsForHash().get(ROLES, userId).defaultIfEmpty(""))
                .map(found -> new Person(userId, found.getT1().toString(), roles(found.getT2().toString())));
    }

    /** People whose id or name contains {@code query}, ignoring case and Vietnamese diacritics. */
    Flux<Person> search(String query, int limit) {
        String wanted = fold(query);
        return redis.<String, String>opsForHash().entries(NAMES)
                .filter(e -> fold(e.getKey()).contains(wanted) || fold(e.getValue()).contains(wanted))
                .sort(Comparator.comparing(e -> fold(e.getValue())))
                .take(limit)
                .concatMap(e -> find(e.getKey()));
    }

    private static List<String> roles(String joined) {
        return joined.isBlank() ? List.of() : Arrays.stream(joined.split(",")).toList();
    }

    /** "Trần Thị Bình" → "tran thi binh": a search for "binh" finds Bình. */
    static String fold(String text) {
        String decomposed = Normalizer.normalize(text == null ? "" : text, Normalizer.Form.NFD)
                .replaceAll("\\p{M}+", "");
        return decomposed.replace('đ', 'd').replace('Đ', 'D').toLowerCase(Locale.ROOT).strip();
    }
}
