package com.parley.messaging.attachment;

/** An attachment as a message references it and clients show it. */
public record AttachmentRef(String id, String url, String name, String contentType, long size) {
}
