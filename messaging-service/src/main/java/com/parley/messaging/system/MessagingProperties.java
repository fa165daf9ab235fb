package com.parley.messaging.system;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Everything tunable in the messaging service, with defaults that are safe on a developer machine.
 */
@ConfigurationProperties("parley.messaging")
public record MessagingProperties(
        @DefaultValue Send send,
        @DefaultValue History history,
        @DefaultValue RateLimit rateLimit,
        @DefaultValue Moderation moderation,
        @DefaultValue Attachments attachments,
        @DefaultValue ConversationService conversationService) {

    /**
     * @param maxContentLength      characters of text per message
     * @param maxAttachments        attachments per message
     * @param editWindow            how long after sending the author may edit or delete a message
     * @param appendAttempts        how often one send retries a sequence number another instance took first
     * @param localSerialisation    serialise senders of one conversation inside this instance, so they queue
     *                              instead of colliding on the unique (conversationId, seq) index
     */
    public record Send(
            @DefaultValue("4000") int maxContentLength,
            @DefaultValue("10") int maxAttachments,
            @DefaultValue("15m") Duration editWindow,
            @DefaultValue("64") int appendAttempts,
            @DefaultValue("true") boolean localSerialisation) {
    }

    /** @param defaultLimit page size without {@code limit}; @param maxLimit larger requests are clamped to it */
    public record History(@DefaultValue("50") int defaultLimit, @DefaultValue("100") int maxLimit) {
    }

    /** At most {@code messages} per {@code window} per user and conversation. */
    public record RateLimit(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("10") int messages,
            @DefaultValue("10s") Duration window) {
    }

    /**
     * @param maskInSupport  also mask phone numbers and e-mail addresses in support tickets (always in threads)
     * @param bannedKeywords flagged (not blocked) words and phrases; matched case- and accent-insensitively
     */
    public record Moderation(
            @DefaultValue("false") boolean maskInSupport,
            @DefaultValue({"zalo", "telegram", "whatsapp", "viber", "ngoài sàn", "chuyển khoản trực tiếp",
                    "giao dịch riêng"}) List<String> bannedKeywords) {
    }

    /**
     * @param directory    where the local store keeps files (defaults to a folder in the temp directory)
     * @param maxSize      per file
     * @param allowedTypes content types, as sniffed from the bytes
     */
    public record Attachments(
            Path directory,
            @DefaultValue("10MB") DataSize maxSize,
            @DefaultValue({"image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf"})
            List<String> allowedTypes) {

        public Path directoryOrDefault() {
            return directory != null ? directory
                    : Path.of(System.getProperty("java.io.tmpdir"), "parley-attachments");
        }
    }

    /** The synchronous fallback of the access check; {@code timeout} bounds connect plus response. */
    public record ConversationService(
            @DefaultValue("http://127.0.0.1:8081") URI baseUrl,
            @DefaultValue("2s") Duration timeout) {
    }
}
