package com.parley.support.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TextTests {

    @ParameterizedTest
    @ValueSource(strings = {"Xin chào", "Tiếng Việt có dấu: ỡ ự ẫ", "👍", "مرحبا", "a\tb\nc", "?", "0912 *** ***"})
    void whatPeopleWriteIsReadable(String text) {
        assertThat(Text.isReadable(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\u0000", "hi\u0000", "\u200B\u200D", "\u202E", "\u2060\uFEFF", "\uD800",
            "ok\uDC00", "\u0007bell", "\u3000"})
    void invisibleControlOrBrokenTextIsNot(String text) {
        assertThat(Text.isReadable(text)).isFalse();
    }
}
