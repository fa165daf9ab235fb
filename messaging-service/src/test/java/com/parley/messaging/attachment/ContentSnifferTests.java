package com.parley.messaging.attachment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ContentSnifferTests {

    static Stream<Arguments> knownTypes() {
        return Stream.of(
                Arguments.of(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0}, "image/png"),
                Arguments.of(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0x10}, "image/jpeg"),
                Arguments.of("GIF89a......".getBytes(StandardCharsets.US_ASCII), "image/gif"),
                Arguments.of("GIF87a......".getBytes(StandardCharsets.US_ASCII), "image/gif"),
                Arguments.of("RIFF\u0010\0\0\0WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1), "image/webp"),
                Arguments.of("%PDF-1.7\n%....".getBytes(StandardCharsets.US_ASCII), "application/pdf"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("knownTypes")
    void recognisesAllowedTypesByTheirMagicBytes(byte[] head, String type) {
        assertThat(ContentSniffer.sniff(head)).contains(type);
    }

    @Test
    void anythingElseIsUnknownWhateverItsName() {
        assertThat(ContentSniffer.sniff(new byte[] {'M', 'Z', (byte) 0x90, 0})).isEmpty();          // Windows executable
        assertThat(ContentSniffer.sniff(new byte[] {0x7F, 'E', 'L', 'F'})).isEmpty();                // ELF
        assertThat(ContentSniffer.sniff("<!DOCTYPE html><script>".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(ContentSniffer.sniff("RIFF\0\0\0\0WAVEfmt ".getBytes(StandardCharsets.ISO_8859_1))).isEmpty();
        assertThat(ContentSniffer.sniff(new byte[] {(byte) 0x89, 'P'})).isEmpty();                  // truncated
        assertThat(ContentSniffer.sniff(new byte[0])).isEmpty();
    }

    @Test
    void theNameOnlyTellsWhatTheFileClaimsToBe() {
        assertThat(ContentSniffer.claimedByName("Ảnh.PNG")).contains("image/png");
        assertThat(ContentSniffer.claimedByName("scan.jpeg")).contains("image/jpeg");
        assertThat(ContentSniffer.claimedByName("notes")).isEmpty();
        assertThat(ContentSniffer.claimedByName("setup.exe")).isEmpty();
    }

    @Test
    void fileNamesLoseTheirPathAndControlCharacters() {
        assertThat(AttachmentService.cleanName("..\\..\\etc/passwd")).isEqualTo("passwd");
        assertThat(AttachmentService.cleanName("a\u0000b\".png")).isEqualTo("ab.png");
        assertThat(AttachmentService.cleanName("  ")).isEqualTo("file");
    }
}
