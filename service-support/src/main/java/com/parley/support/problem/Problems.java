package com.parley.support.problem;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

import com.parley.events.text.Language;
import com.parley.events.text.TextCatalogue;
import com.parley.support.text.ReaderLanguage;

/** Builds problem details the same way everywhere: {@code type} is derived from the stable {@code code}. */
public final class Problems {

    public static final String TYPE_PREFIX = "https://parley.dev/problems/";

    private Problems() {
    }

    public static ProblemDetail of(HttpStatusCode status, String code, String detail) {
        return of(status, code, detail, Map.of());
    }

    /** {@code detail} is the English fallback; the reader gets the catalogue's text for the code in their language. */
    public static ProblemDetail of(HttpStatusCode status, String code, String detail, Map<String, Object> properties) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_PREFIX + code));
        problem.setProperty("code", code);
        properties.forEach(problem::setProperty);
        return localize(problem, ReaderLanguage.current());
    }

    /**
     * Sets {@code detail} from the catalogue key {@code problem.<code>} in the reader's language, filled from the
     * problem's own properties (nested ones as {@code claimedBy.name}); a code without a key keeps its detail.
     */
    public static ProblemDetail localize(ProblemDetail problem, Language language) {
        Map<String, Object> properties = problem.getProperties();
        Object code = properties == null ? null : properties.get("code");
        if (code == null || !TextCatalogue.has("problem." + code)) {
            return problem;
        }
        Map<String, Object> params = new HashMap<>();
        flatten("", properties, params);
        problem.setDetail(TextCatalogue.render("problem." + code, params, language));
        return problem;
    }

    private static void flatten(String prefix, Map<?, ?> values, Map<String, Object> into) {
        values.forEach((key, value) -> {
            if (value instanceof Map<?, ?> nested) {
                flatten(prefix + key + ".", nested, into);
            } else {
                into.put(prefix + key, value);
            }
        });
    }
}
