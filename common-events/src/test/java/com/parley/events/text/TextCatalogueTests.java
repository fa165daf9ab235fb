package com.parley.events.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

class TextCatalogueTests {

    @Test
    void everyKeyExistsInEveryLanguage() {
        Set<String> vi = TextCatalogue.keys(Language.VI);
        Set<String> en = TextCatalogue.keys(Language.EN);
        Set<String> onlyVi = new TreeSet<>(vi);
        onlyVi.removeAll(en);
        Set<String> onlyEn = new TreeSet<>(en);
        onlyEn.removeAll(vi);
        assertThat(onlyVi).as("keys only in texts_vi.properties").isEmpty();
        assertThat(onlyEn).as("keys only in texts_en.properties").isEmpty();
    }

    @Test
    void everyTextUsesTheSameParametersInEveryLanguage() {
        for (String key : TextCatalogue.keys(Language.EN)) {
            String vi = rawPlaceholders(key, Language.VI);
            String en = rawPlaceholders(key, Language.EN);
            assertThat(vi).as("placeholders of " + key).isEqualTo(en);
        }
    }

    @Test
    void aSystemMessageReadsInEachReadersLanguage() {
        SystemText claimed = SystemText.of("system.claimed", "agent", "Trần Thị Bình");
        assertThat(TextCatalogue.render(claimed, Language.VI)).isEqualTo("Trần Thị Bình đã tiếp nhận yêu cầu của bạn");
        assertThat(TextCatalogue.render(claimed, Language.EN)).isEqualTo("Trần Thị Bình has taken your request");
    }

    @Test
    void nestedProblemPropertiesFillDottedPlaceholders() {
        assertThat(TextCatalogue.render("problem.already_claimed", Map.of("claimedBy.name", "Bình"), Language.EN))
                .isEqualTo("This ticket was already taken by Bình");
    }

    @Test
    void maskPlaceholdersFollowTheReader() {
        String stored = "call me on " + TextCatalogue.PHONE_TOKEN + " or " + TextCatalogue.EMAIL_TOKEN;
        assertThat(TextCatalogue.localizeMasks(stored, Language.VI))
                .isEqualTo("call me on [đã ẩn số điện thoại] or [đã ẩn email]");
        assertThat(TextCatalogue.localizeMasks(stored, Language.EN)).isEqualTo(stored);
    }

    @Test
    void acceptLanguagePicksOursOrVietnamese() {
        assertThat(Language.fromAcceptLanguage("en-US,en;q=0.9")).isEqualTo(Language.EN);
        assertThat(Language.fromAcceptLanguage("fr-FR, en;q=0.5")).isEqualTo(Language.EN);
        assertThat(Language.fromAcceptLanguage("vi-VN,vi;q=0.9,en;q=0.8")).isEqualTo(Language.VI);
        assertThat(Language.fromAcceptLanguage("de")).isEqualTo(Language.VI);
        assertThat(Language.fromAcceptLanguage(null)).isEqualTo(Language.VI);
        assertThat(Language.fromAcceptLanguage(";;;q=x")).isEqualTo(Language.VI);
    }

    @Test
    void anUnknownCodeRendersAsItself() {
        assertThat(TextCatalogue.render("system.no_such_thing", Language.EN)).isEqualTo("system.no_such_thing");
    }

    private static String rawPlaceholders(String key, Language language) {
        // render with each placeholder echoing its own name: the same set of names must come out
        Map<String, Object> echo = new java.util.HashMap<>() {
            @Override
            public Object get(Object name) {
                return "<" + name + ">";
            }
        };
        String rendered = TextCatalogue.render(key, echo, language);
        TreeSet<String> names = new TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<([A-Za-z0-9_.]+)>").matcher(rendered);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names.toString();
    }
}
