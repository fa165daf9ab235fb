package com.parley.events.text;

import java.util.Locale;

/**
 * The languages Parley speaks. Vietnamese is the default (the platform's market); a reader's language comes from
 * their stored choice, else their {@code Accept-Language}.
 */
public enum Language {
    VI, EN;

    public static final Language DEFAULT = VI;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Locale locale() {
        return Locale.forLanguageTag(tag());
    }

    /** {@code vi}, {@code en}, {@code en-US} … or null when it is none of ours. */
    public static Language ofTag(String tag) {
        if (tag == null || tag.isBlank()) {
            return null;
        }
        String primary = tag.strip().split("[-_;,]", 2)[0].toLowerCase(Locale.ROOT);
        return switch (primary) {
            case "vi" -> VI;
            case "en" -> EN;
            default -> null;
        };
    }

    /**
     * The best of our languages for an {@code Accept-Language} header (RFC 9110 weights honoured); the default
     * when the header is absent, malformed or names none of ours.
     */
    public static Language fromAcceptLanguage(String header) {
        if (header == null || header.isBlank()) {
            return DEFAULT;
        }
        try {
            for (Locale.LanguageRange range : Locale.LanguageRange.parse(header)) {
                Language language = ofTag(range.getRange());
                if (language != null && range.getWeight() > 0) {
                    return language;
                }
            }
        } catch (IllegalArgumentException malformed) {
            return DEFAULT;
        }
        return DEFAULT;
    }
}
