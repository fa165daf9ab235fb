package com.parley.messaging.attachment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Pattern;

/**
 * Keeps attachments as files in one directory, named by key. A file appears only complete: bytes go to a
 * temporary file first, which is then moved into place atomically.
 */
public class LocalFileAttachmentStore implements AttachmentStore {

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private final Path directory;

    public LocalFileAttachmentStore(Path directory) throws IOException {
        this.directory = Files.createDirectories(directory);
    }

    @Override
    public void put(String key, InputStream content) throws IOException {
        Path target = resolve(key);
        Path temp = Files.createTempFile(directory, ".upload-", ".tmp");
        try {
            Files.copy(content, temp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        return Files.newInputStream(resolve(key));
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(resolve(key));
    }

    public Path directory() {
        return directory;
    }

    /** Keys are our own ids; refusing anything else rules out path traversal for good. */
    private Path resolve(String key) {
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("Invalid attachment key");
        }
        return directory.resolve(key);
    }
}
