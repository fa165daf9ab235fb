package com.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.parley.events.text.Language;
import com.parley.events.text.TextCatalogue;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The web apps' catalogue (static/shared/i18n/vi.json, en.json): the same keys in both languages, every key the
 * apps look up exists, and every server-written text the apps render from {code, params} (system messages,
 * masking placeholders) is there too.
 */
class WebCatalogueTests {

    private static final Path STATIC = Path.of("src/main/resources/static");
    private static final Pattern LOOKUP = Pattern.compile("\\b(?:t|tx)\\('([A-Za-z0-9_.]+)'");
    private static final Pattern HTML_KEY = Pattern.compile("data-i18n(?:-[a-z-]+)?=\"([A-Za-z0-9_.]+)\"");

    @Test
    void everyKeyExistsInBothLanguages() {
        Set<String> vi = keys("vi");
        Set<String> en = keys("en");
        assertThat(difference(vi, en)).as("keys only in vi.json").isEmpty();
        assertThat(difference(en, vi)).as("keys only in en.json").isEmpty();
    }

    @Test
    void everyKeyTheAppsLookUpExists() throws IOException {
        Set<String> used = new TreeSet<>();
        try (Stream<Path> files = Files.walk(STATIC)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".js") || f.toString().endsWith(".html")).toList()) {
                String text = Files.readString(file);
                Matcher m = (file.toString().endsWith(".js") ? LOOKUP : HTML_KEY).matcher(text);
                while (m.find()) {
                    used.add(m.group(1));
                }
            }
        }
        assertThat(used).as("lookups found").hasSizeGreaterThan(200);
        assertThat(difference(used, keys("vi"))).as("keys the apps use that vi.json lacks").isEmpty();
    }

    /**
     * A parameter or variable named {@code t} in a file that imports the catalogue's {@code t} shadows it, and the
     * next {@code t('key')} in that scope throws (it happened: the widget's ticket banner stayed empty).
     */
    @Test
    void noLocalNameShadowsTheCatalogueLookup() throws IOException {
        Pattern shadow = Pattern.compile("function \\w*\\((?:t|[^)]*,\\s*t)[,)]|\\(t[,)]\\s*=>|\\bt\\s*=>"
                + "|\\b(?:const|let|var)\\s+t\\b|for\\s*\\((?:const|let)\\s+t\\b|catch\\s*\\(t\\)");
        try (Stream<Path> files = Files.walk(STATIC)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".js")).toList()) {
                String text = Files.readString(file);
                if (!text.contains("import { t") || text.contains("import { t as ")) {
                    continue;
                }
                Matcher m = shadow.matcher(text);
                boolean found = m.find();
                assertThat(found).as(file + " declares a local `t`" + (found ? ": " + m.group() : "")).isFalse();
            }
        }
    }

    @Test
    void theAppsCanRenderEveryServerWrittenText() {
        for (Language language : Language.values()) {
            Set<String> server = new TreeSet<>(TextCatalogue.keys(language));
            server.removeIf(k -> !k.startsWith("system.") && !k.startsWith("mask."));
            assertThat(server).isNotEmpty();
            JsonNode web = catalogue(language.tag());
            for (String key : server) {
                assertThat(web.path(key).asString(null)).as(language + " " + key).isEqualTo(rawPattern(key, language));
            }
        }
    }

    /** The server pattern itself ({name} placeholders kept), to compare with the web catalogue's. */
    private static String rawPattern(String key, Language language) {
        java.util.Map<String, Object> echo = new java.util.HashMap<>() {
            @Override
            public Object get(Object name) {
                return "{" + name + "}";
            }
        };
        return TextCatalogue.render(key, echo, language);
    }

    private static Set<String> keys(String language) {
        Set<String> keys = new TreeSet<>();
        catalogue(language).propertyNames().forEach(keys::add);
        return keys;
    }

    private static JsonNode catalogue(String language) {
        try (InputStream in = WebCatalogueTests.class.getResourceAsStream("/static/shared/i18n/" + language + ".json")) {
            assertThat(in).as(language + ".json on the classpath").isNotNull();
            return JsonMapper.builder().build().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.removeAll(b);
        return out;
    }
}
