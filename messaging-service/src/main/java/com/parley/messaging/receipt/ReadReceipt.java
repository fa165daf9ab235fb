package com.parley.messaging.receipt;

import java.time.Instant;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import com.parley.support.outbox.OutboxEntry;

/**
 * How far one reader has read one conversation: {@code id = conversationId:readerId}. It only moves forward;
 * each move carries its {@code chat.message.read} event in {@code outbox}.
 */
@Document("read_receipts")
record ReadReceipt(
        @Id String id,
        String conversationId,
        String readerId,
        String readerName,
        String readerType,
        long upToSeq,
        Instant readAt,
        List<OutboxEntry> outbox) {

    static String idOf(String conversationId, String readerId) {
        return conversationId + ":" + readerId;
    }
}
