package com.parley.messaging.moderation;

import java.time.Instant;
import java.util.List;

/**
 * What moderation did to a message, stored with it for admins only.
 *
 * @param original         the text as the author wrote it, when masking changed it (else null)
 * @param masked           kinds of data masked: {@code phone}, {@code email}
 * @param flagged          a banned keyword occurred; the message is still delivered, and listed for review
 * @param keywords         the banned keywords found
 * @param previousVersions earlier versions (author's text) when the message was edited or deleted
 */
public record Moderation(
        String original,
        List<String> masked,
        boolean flagged,
        List<String> keywords,
        List<PreviousVersion> previousVersions) {

    public record PreviousVersion(String content, String original, Instant replacedAt) {
    }

    public static Moderation of(ModerationResult result) {
        return new Moderation(result.changed() ? result.original() : null, result.masked(), result.flagged(),
                result.keywords(), List.of());
    }
}
