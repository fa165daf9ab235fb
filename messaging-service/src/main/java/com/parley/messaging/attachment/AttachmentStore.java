package com.parley.messaging.attachment;

import java.io.IOException;
import java.io.InputStream;

/**
 * Where attachment bytes live. The local filesystem by default ({@link LocalFileAttachmentStore}); an
 * S3-compatible store implements the same three operations (put object, get object, delete object).
 */
public interface AttachmentStore {

    /** Stores {@code content} under {@code key}, replacing nothing: keys are fresh ids. */
    void put(String key, InputStream content) throws IOException;

    /** The bytes stored under {@code key}; the caller closes the stream. */
    InputStream open(String key) throws IOException;

    void delete(String key) throws IOException;
}
