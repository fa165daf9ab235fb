package com.parley.support.outbox;

/**
 * A collection whose documents carry an outbox array. Declare one bean per collection; the relay drains
 * them all. {@code orderField} orders documents so events leave in the order they were written
 * (e.g. {@code seq} for messages).
 */
public record OutboxSource(String collection, String orderField) {
}
