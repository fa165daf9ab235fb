package com.parley.messaging.moderation;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Finds banned keywords as whole words, ignoring case and Vietnamese diacritics ("Zalo", "zalo", "ZALÔ";
 * "ngoai san" for "ngoài sàn"), with any run of spaces between the words of a phrase.
 */
public final class KeywordFlagger {

    private record Keyword(String keyword, Pattern pattern) {
    }

    private final List<Keyword> keywords;

    public KeywordFlagger(List<String> bannedKeywords) {
        this.keywords = bannedKeywords.stream()
                .filter(k -> k != null && !k.isBlank())
                .map(k -> new Keyword(k.strip(), Pattern.compile("(?<![\\p{L}\\p{N}])"
                        + String.join("\\s+", java.util.Arrays.stream(fold(k).strip().split("\\s+")).map(Pattern::quote).toList())
                        + "(?![\\p{L}\\p{N}])")))
                .toList();
    }

    public List<String> find(String text) {
        if (text == null || text.isBlank() || keywords.isEmpty()) {
            return List.of();
        }
        String folded = fold(text);
        List<String> found = new ArrayList<>();
        for (Keyword keyword : keywords) {
            if (keyword.pattern().matcher(folded).find()) {
                found.add(keyword.keyword());
            }
        }
        return found;
    }

    static String fold(String text) {
        String lower = text.toLowerCase(Locale.ROOT).replace('đ', 'd');
        return Normalizer.normalize(lower, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
    }
}
