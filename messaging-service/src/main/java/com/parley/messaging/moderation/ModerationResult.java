package com.parley.messaging.moderation;

import java.util.List;

/**
 * @param content  what may be stored and shown to the other party
 * @param original what the author wrote
 * @param masked   kinds masked ({@code phone}, {@code email}), one entry per occurrence
 * @param keywords banned keywords found
 */
public record ModerationResult(String content, String original, List<String> masked, List<String> keywords) {

    public boolean changed() {
        return !masked.isEmpty();
    }

    public boolean flagged() {
        return !keywords.isEmpty();
    }

    public boolean noteworthy() {
        return changed() || flagged();
    }
}
