package com.parley.messaging.send;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

import com.parley.events.Actor;
import com.parley.events.UserRef;
import com.parley.messaging.access.AccessPolicy;
import com.parley.messaging.access.ConversationAccess;
import com.parley.messaging.access.ConversationAccessGuard;
import com.parley.messaging.attachment.AttachmentRef;
import com.parley.messaging.attachment.AttachmentService;
import com.parley.messaging.moderation.ContentModerator;
import com.parley.messaging.moderation.Moderation;
import com.parley.messaging.moderation.ModerationResult;
import com.parley.messaging.ratelimit.SendRateLimiter;
import com.parley.messaging.system.MessagingProperties;
import com.parley.support.problem.ApiException;
import com.parley.support.validation.Text;
import com.parley.support.security.CurrentUser;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Sending a message: validate, authorise, recognise a retry, rate-limit, moderate, store with the next seq and
 * its event. Every refusal happens before anything is written.
 */
@Service
public class SendMessageService {

    private static final Logger log = LoggerFactory.getLogger(SendMessageService.class);

    private final ConversationAccessGuard access;
    private final SequencedMessageAppender appender;
    private final SendRateLimiter rateLimiter;
    private final AttachmentService attachments;
    private final ContentModerator moderator;
    private final MongoTemplate mongo;
    private final MessagingProperties.Send properties;
    private final MeterRegistry meters;
    private final Timer latency;

    SendMessageService(ConversationAccessGuard access, SequencedMessageAppender appender, SendRateLimiter rateLimiter,
                       AttachmentService attachments, ContentModerator moderator, MongoTemplate mongo,
                       MessagingProperties properties, MeterRegistry meters) {
        this.access = access;
        this.appender = appender;
        this.rateLimiter = rateLimiter;
        this.attachments = attachments;
        this.moderator = moderator;
        this.mongo = mongo;
        this.properties = properties.send();
        this.meters = meters;
        this.latency = Timer.builder("parley.messages.send.latency")
                .description("Time to validate, authorise, moderate and store a message")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
    }

    /** @param created false when this was a retry of an already stored clientMessageId */
    public record Sent(MessageView message, boolean created) {
    }

    public Sent send(String conversationId, CurrentUser user, SendMessageRequest request) {
        return latency.record(() -> doSend(conversationId, user, request));
    }

    private Sent doSend(String conversationId, CurrentUser user, SendMessageRequest request) {
        String content = request.content() == null ? "" : request.content().strip();
        List<String> attachmentIds = request.attachments() == null ? List.of() : request.attachments();
        validateShape(content, request, attachmentIds);

        ConversationAccess conversation = access.requirePost(conversationId, user);
        String clientMessageId = request.clientMessageId() == null || request.clientMessageId().isBlank()
                ? "srv:" + UUID.randomUUID() : request.clientMessageId();
        var existing = appender.findByClientMessageId(conversationId, clientMessageId);
        if (existing.isPresent()) {
            return replay(existing.get(), user);
        }
        rateLimiter.acquire(user.id(), conversationId);

        List<AttachmentRef> refs = attachments.resolveForMessage(conversationId, user.id(), attachmentIds);
        String type = typeOf(request.type(), refs);
        if (request.replyTo() != null && !mongo.exists(new Query(Criteria.where("_id").is(request.replyTo())
                .and("conversationId").is(conversationId)), Message.class)) {
            throw ApiException.badRequest("invalid_reply_to", "replyTo must be a message of this conversation");
        }
        ModerationResult moderation = moderator.moderate(content, conversation.kind());
        String senderType = senderType(conversation, user);
        SequencedMessageAppender.Appended appended = appender.append(new SequencedMessageAppender.Draft(
                conversationId, conversation.kind(), new UserRef(user.id(), user.name(), null), senderType, type,
                moderation.content(), refs, clientMessageId, request.replyTo(),
                moderation.noteworthy() ? Moderation.of(moderation) : null,
                participants(conversation, user), Actor.of(user.id(), senderType, user.name())));
        if (!appended.created()) {
            return replay(appended.message(), user);
        }
        Message message = appended.message();
        meters.counter("parley.messages.sent", "type", type, "kind", String.valueOf(conversation.kind()),
                "senderType", senderType).increment();
        log.info("Message {} seq {} stored in {} by {} ({}{}{})", message.id(), message.seq(), conversationId, user.id(),
                type, moderation.changed() ? ", masked " + moderation.masked() : "",
                moderation.flagged() ? ", flagged" : "");
        return new Sent(MessageView.of(message), true);
    }

    private void validateShape(String content, SendMessageRequest request, List<String> attachmentIds) {
        if (content.length() > properties.maxContentLength()) {
            throw ApiException.badRequest("content_too_long",
                    "A message may have at most " + properties.maxContentLength() + " characters")
                    .with("maxLength", properties.maxContentLength());
        }
        if (attachmentIds.size() > properties.maxAttachments()) {
            throw ApiException.badRequest("too_many_attachments",
                    "A message may carry at most " + properties.maxAttachments() + " attachments");
        }
        if (!Text.isWellFormed(content)) {
            throw ApiException.badRequest("invalid_text", "Content has control characters or broken characters");
        }
        if (!Text.hasVisibleCharacter(content) && attachmentIds.isEmpty()) {
            throw ApiException.badRequest("empty_message", "A message needs content or an attachment");
        }
        String id = request.clientMessageId();
        if (id != null && (id.startsWith("first:") || id.startsWith("event:") || id.startsWith("srv:"))) {
            throw ApiException.badRequest("validation_failed", "clientMessageId prefixes first:, event:, srv: are reserved");
        }
        if (request.type() != null && !List.of(Message.TEXT, Message.IMAGE, Message.FILE).contains(request.type())) {
            throw ApiException.badRequest("invalid_message_type", Message.SYSTEM.equals(request.type())
                    ? "System messages are written by Parley itself" : "type must be text, image or file");
        }
    }

    private static String typeOf(String requested, List<AttachmentRef> refs) {
        boolean allImages = !refs.isEmpty() && refs.stream().allMatch(a -> a.contentType().startsWith("image/"));
        String type = requested != null ? requested : refs.isEmpty() ? Message.TEXT : allImages ? Message.IMAGE : Message.FILE;
        if (Message.IMAGE.equals(type) && !allImages) {
            throw ApiException.badRequest("invalid_attachment", "An image message needs image attachments only");
        }
        if (Message.FILE.equals(type) && refs.isEmpty()) {
            throw ApiException.badRequest("invalid_attachment", "A file message needs an attachment");
        }
        return type;
    }

    /** What clients show next to the message: the side the sender is on in this conversation. */
    static String senderType(ConversationAccess c, CurrentUser user) {
        return AccessPolicy.senderType(c, user);
    }

    /** Who should receive it: the conversation's participants, plus an admin who writes without being one. */
    private static List<String> participants(ConversationAccess c, CurrentUser user) {
        List<String> ids = c.participantIdsOrEmpty();
        return ids.contains(user.id()) ? ids : java.util.stream.Stream.concat(ids.stream(), java.util.stream.Stream.of(user.id())).toList();
    }

    private Sent replay(Message original, CurrentUser user) {
        if (!Objects.equals(original.sender().id(), user.id())) {
            throw ApiException.conflict("client_message_id_conflict",
                    "This clientMessageId is already used by another message in this conversation");
        }
        meters.counter("parley.messages.replayed").increment();
        log.info("Send retry of {} in {} answered with the stored message seq {}", original.clientMessageId(),
                original.conversationId(), original.seq());
        return new Sent(MessageView.of(original), false);
    }
}
