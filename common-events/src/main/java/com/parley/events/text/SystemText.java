package com.parley.events.text;

import java.util.Map;

/**
 * Text the server writes, kept as a catalogue code plus its parameters so that each reader sees it in their own
 * language ({@link TextCatalogue#render(SystemText, Language)}); e.g. {@code system.claimed {agent: "Bình"}}.
 */
public record SystemText(String code, Map<String, String> params) {

    public SystemText {
        params = params == null ? Map.of() : Map.copyOf(params);
    }

    public static SystemText of(String code) {
        return new SystemText(code, Map.of());
    }

    public static SystemText of(String code, String name, String value) {
        return new SystemText(code, value == null ? Map.of() : Map.of(name, value));
    }
}
