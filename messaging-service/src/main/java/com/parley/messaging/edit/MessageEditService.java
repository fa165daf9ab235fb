package com.parley.messaging.edit;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import com.parley.events.Actor;
import com.parley.events.EventEnvelope;
import com.parley.events.MessageUpdated;
import com.parley.messaging.access.ConversationAccess;
import com.parley.messaging.access.ConversationAccessGuard;
import com.parley.messaging.moderation.ContentModerator;
import com.parley.messaging.moderation.Moderation;
import com.parley.messaging.moderation.ModerationResult;
import com.parley.messaging.send.Message;
import com.parley.messaging.send.MessageView;
import com.parley.messaging.system.Collections;
import com.parley.messaging.system.MessagingProperties;
import com.parley.support.outbox.Outbox;
import com.parley.support.problem.ApiException;
import com.parley.support.validation.Text;
import com.parley.support.security.CurrentUser;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Edit and soft delete by the author within {@code parley.messaging.send.edit-window}. The message keeps its
 * seq; history shows {@code editedAt} / {@code deletedAt} (content blanked when deleted); the replaced text
 * stays in the admin-only moderation record. Each change is one conditional single-document update (author,
 * not deleted, still in the window, unchanged since read) carrying its {@code chat.message.updated} event.
 */
@Service
class MessageEditService {

    private static final Logger log = LoggerFactory.getLogger(MessageEditService.class);

    private final MongoTemplate mongo;
    private final ConversationAccessGuard access;
    private final ContentModerator moderator;
    private final Outbox outbox;
    private final Clock clock;
    private final MessagingProperties.Send properties;
    private final MeterRegistry meters;

    MessageEditService(MongoTemplate mongo, ConversationAccessGuard access, ContentModerator moderator, Outbox outbox,
                       Clock clock, MessagingProperties properties, MeterRegistry meters) {
        this.mongo = mongo;
        this.access = access;
        this.moderator = moderator;
        this.outbox = outbox;
        this.clock = clock;
        this.properties = properties.send();
        this.meters = meters;
    }

    MessageView edit(String conversationId, String messageId, CurrentUser user, String newContent) {
        String content = newContent == null ? "" : newContent.strip();
        if (content.length() > properties.maxContentLength()) {
            throw ApiException.badRequest("content_too_long",
                    "A message may have at most " + properties.maxContentLength() + " characters")
                    .with("maxLength", properties.maxContentLength());
        }
        ConversationAccess conversation = access.requirePost(conversationId, user);
        Message message = editable(conversationId, messageId, user);
        if (!Text.isWellFormed(content)) {
            throw ApiException.badRequest("invalid_text", "Content has control characters or broken characters");
        }
        if (!Text.hasVisibleCharacter(content) && (message.attachments() == null || message.attachments().isEmpty())) {
            throw ApiException.badRequest("empty_message", "A message needs content or an attachment; delete it instead");
        }
        ModerationResult moderation = moderator.moderate(content, conversation.kind());
        Instant now = clock.instant();
        Moderation record = new Moderation(moderation.changed() ? moderation.original() : null, moderation.masked(),
                moderation.flagged(), moderation.keywords(), withPrevious(message, now));
        Update update = new Update().set("content", moderation.content()).set("editedAt", now).set("moderation", record);
        return apply(message, update, "edited", moderation.content(), now, null, user);
    }

    MessageView delete(String conversationId, String messageId, CurrentUser user) {
        access.requirePost(conversationId, user);
        Message message = editable(conversationId, messageId, user);
        Instant now = clock.instant();
        Moderation before = message.moderation();
        Moderation record = new Moderation(before == null ? null : before.original(),
                before == null ? List.of() : before.masked(), before != null && before.flagged(),
                before == null ? List.of() : before.keywords(), withPrevious(message, now));
        Update update = new Update().set("content", "").set("deletedAt", now).set("moderation", record);
        return apply(message, update, "deleted", null, message.editedAt(), now, user);
    }

    private MessageView apply(Message message, Update update, String change, String content, Instant editedAt,
                              Instant deletedAt, CurrentUser user) {
        MessageUpdated payload = new MessageUpdated(message.id(), message.seq(), message.conversationKind(), change,
                message.sender(), message.senderType(), content, editedAt, deletedAt, message.participantIds());
        Instant now = deletedAt != null ? deletedAt : editedAt;
        EventEnvelope<MessageUpdated> event = EventEnvelope.of(message.conversationId(),
                Actor.of(user.id(), message.senderType(), user.name()), payload, now);
        // unchanged since we read it (optimistic), still the author's, still within the window
        Query query = new Query(Criteria.where("_id").is(message.id()).and("sender.id").is(user.id())
                .and("deletedAt").is(null).and("editedAt").is(message.editedAt())
                .and("createdAt").gte(now.minus(properties.editWindow())));
        Message updated = mongo.findAndModify(query, outbox.append(update, event),
                FindAndModifyOptions.options().returnNew(true), Message.class);
        if (updated == null) {
            throw ApiException.conflict("message_changed", "The message changed meanwhile; reload and retry");
        }
        outbox.publish(Collections.MESSAGES, updated.id(), event);
        meters.counter("parley.messages.updated", "change", change).increment();
        log.info("Message {} seq {} in {} {} by its author", message.id(), message.seq(), message.conversationId(), change);
        return MessageView.of(updated);
    }

    private Message editable(String conversationId, String messageId, CurrentUser user) {
        Message message = messageId == null ? null : mongo.findOne(new Query(Criteria.where("_id").is(messageId)
                .and("conversationId").is(conversationId)), Message.class);
        if (message == null) {
            throw ApiException.notFound("message_not_found", "No message " + messageId + " in this conversation");
        }
        if (Message.SYSTEM.equals(message.type()) || !Objects.equals(message.sender().id(), user.id())) {
            throw ApiException.forbidden("not_author", "Only the author may change a message");
        }
        if (message.deleted()) {
            throw ApiException.conflict("message_deleted", "The message was deleted");
        }
        if (message.createdAt().plus(properties.editWindow()).isBefore(clock.instant())) {
            throw new ApiException(HttpStatus.CONFLICT, "edit_window_closed",
                    "Messages can be changed for " + properties.editWindow().toMinutes() + " minutes after sending");
        }
        return message;
    }

    private static List<Moderation.PreviousVersion> withPrevious(Message message, Instant now) {
        List<Moderation.PreviousVersion> versions = new ArrayList<>(
                message.moderation() == null ? List.of() : message.moderation().previousVersions());
        versions.add(new Moderation.PreviousVersion(message.content(),
                message.moderation() == null ? null : message.moderation().original(), now));
        return versions;
    }
}
