package com.parley.messaging.attachment;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Decides a file's type from its first bytes (magic numbers), never from its name or the declared type, so
 * an executable or an HTML page renamed to {@code .png} is recognised for what it is (unknown).
 */
public final class ContentSniffer {

    /** The type a file name's extension claims, to catch a file that is one allowed type posing as another. */
    private static final Map<String, String> EXTENSIONS = Map.of(
            "png", "image/png", "jpg", "image/jpeg", "jpeg", "image/jpeg", "gif", "image/gif",
            "webp", "image/webp", "pdf", "application/pdf");

    private ContentSniffer() {
    }

    /** The content type of these leading bytes (at least 12 are needed for WebP), or empty if unrecognised. */
    public static Optional<String> sniff(byte[] head) {
        if (startsWith(head, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of("image/png");
        }
        if (startsWith(head, 0xFF, 0xD8, 0xFF)) {
            return Optional.of("image/jpeg");
        }
        if (startsWith(head, 'G', 'I', 'F', '8') && head.length >= 6 && (head[4] == '7' || head[4] == '9') && head[5] == 'a') {
            return Optional.of("image/gif");
        }
        if (startsWith(head, 'R', 'I', 'F', 'F') && head.length >= 12
                && new String(Arrays.copyOfRange(head, 8, 12), StandardCharsets.US_ASCII).equals("WEBP")) {
            return Optional.of("image/webp");
        }
        if (startsWith(head, '%', 'P', 'D', 'F', '-')) {
            return Optional.of("application/pdf");
        }
        return Optional.empty();
    }

    /** The type the file name's extension claims, if it is one we know. */
    public static Optional<String> claimedByName(String fileName) {
        if (fileName == null) {
            return Optional.empty();
        }
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? Optional.empty()
                : Optional.ofNullable(EXTENSIONS.get(fileName.substring(dot + 1).toLowerCase(Locale.ROOT)));
    }

    private static boolean startsWith(byte[] data, int... magic) {
        if (data.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((data[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
