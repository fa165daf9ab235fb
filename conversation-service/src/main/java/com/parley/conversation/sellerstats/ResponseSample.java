package com.parley.conversation.sellerstats;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import com.parley.conversation.system.Collections;

/**
 * One buyer message in a thread and the seller's answer to it.
 *
 * @param id              {@code <threadId>:<seq>}: a redelivered message writes the same document
 * @param answeredAt      when the seller first wrote after it in the same thread; null while unanswered
 * @param responseSeconds {@code answeredAt - askedAt}, whole seconds
 */
@Document(Collections.RESPONSE_SAMPLES)
record ResponseSample(@Id String id, String threadId, String sellerId, long seq, Instant askedAt, Instant answeredAt,
                      Long answerSeq, Long responseSeconds) {
}
