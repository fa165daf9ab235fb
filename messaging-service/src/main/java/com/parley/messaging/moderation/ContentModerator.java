package com.parley.messaging.moderation;

import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

import com.parley.messaging.system.MessagingProperties;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Moderation before a message is stored: masks contact details (always in buyer-seller threads, in support
 * tickets when {@code parley.messaging.moderation.mask-in-support}) and flags banned keywords. A flagged message
 * is still delivered (holding it would stall a live conversation); admins find it through the review endpoint.
 */
@Component
public class ContentModerator {

    private final ContactMasker masker = new ContactMasker();
    private final KeywordFlagger flagger;
    private final boolean maskInSupport;
    private final MeterRegistry meters;

    public ContentModerator(MessagingProperties properties, MeterRegistry meters) {
        this.flagger = new KeywordFlagger(properties.moderation().bannedKeywords());
        this.maskInSupport = properties.moderation().maskInSupport();
        this.meters = meters;
    }

    public ModerationResult moderate(String content, String conversationKind) {
        if (content == null || content.isEmpty()) {
            return new ModerationResult(content, content, List.of(), List.of());
        }
        boolean mask = "buyer_seller".equals(conversationKind) || maskInSupport;
        List<String> masked = new ArrayList<>();
        String safe = mask ? masker.mask(content, masked::add) : content;
        List<String> keywords = flagger.find(content);
        masked.forEach(kind -> meters.counter("parley.messages.masked", "what", kind, "kind", conversationKind).increment());
        if (!keywords.isEmpty()) {
            meters.counter("parley.messages.flagged", "kind", conversationKind).increment();
        }
        return new ModerationResult(safe, content, List.copyOf(masked), keywords);
    }
}
