package com.parley.events.text;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one catalogue of server-written text, shared by every service: {@code texts_vi.properties} and
 * {@code texts_en.properties} beside this class (UTF-8), with {@code {name}} placeholders. Every key exists in
 * both languages (TextCatalogueTests fails otherwise). An unknown code renders as the code itself, so a reader
 * never sees an empty line.
 */
public final class TextCatalogue {

    /** What the messaging service wrote into masked content before (and still writes): stable tokens. */
    public static final String PHONE_TOKEN = "[phone hidden]";
    public static final String EMAIL_TOKEN = "[email hidden]";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_.]+)}");
    private static final Map<Language, Properties> TEXTS = load();

    private TextCatalogue() {
    }

    public static String render(SystemText text, Language language) {
        return render(text.code(), text.params(), language);
    }

    public static String render(String code, Map<String, ?> params, Language language) {
        String pattern = TEXTS.get(language).getProperty(code);
        if (pattern == null) {
            pattern = TEXTS.get(Language.DEFAULT).getProperty(code, code);
        }
        return fill(pattern, params == null ? Map.of() : params);
    }

    public static String render(String code, Language language) {
        return render(code, Map.of(), language);
    }

    public static boolean has(String code) {
        return TEXTS.get(Language.DEFAULT).containsKey(code);
    }

    public static Set<String> keys(Language language) {
        Set<String> keys = new TreeSet<>();
        TEXTS.get(language).stringPropertyNames().forEach(keys::add);
        return keys;
    }

    /** Masked content shows the placeholders in the reader's language. */
    public static String localizeMasks(String content, Language language) {
        if (content == null || content.indexOf('[') < 0) {
            return content;
        }
        return content.replace(PHONE_TOKEN, render("mask.phone", language))
                .replace(EMAIL_TOKEN, render("mask.email", language));
    }

    private static String fill(String pattern, Map<String, ?> params) {
        if (pattern.indexOf('{') < 0) {
            return pattern;
        }
        Matcher m = PLACEHOLDER.matcher(pattern);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Object value = params.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : String.valueOf(value)));
        }
        return m.appendTail(out).toString();
    }

    private static Map<Language, Properties> load() {
        Map<Language, Properties> texts = new EnumMap<>(Language.class);
        for (Language language : Language.values()) {
            String name = "texts_" + language.tag() + ".properties";
            try (InputStream in = TextCatalogue.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("Missing text catalogue " + name);
                }
                Properties p = new Properties();
                p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
                texts.put(language, p);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return texts;
    }
}
