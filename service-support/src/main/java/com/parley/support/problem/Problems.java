package com.parley.support.problem;

import java.net.URI;
import java.util.Map;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Builds problem details the same way everywhere: {@code type} is derived from the stable {@code code}. */
public final class Problems {

    public static final String TYPE_PREFIX = "https://parley.dev/problems/";

    private Problems() {
    }

    public static ProblemDetail of(HttpStatusCode status, String code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_PREFIX + code));
        problem.setProperty("code", code);
        return problem;
    }

    public static ProblemDetail of(HttpStatusCode status, String code, String detail, Map<String, Object> properties) {
        ProblemDetail problem = of(status, code, detail);
        properties.forEach(problem::setProperty);
        return problem;
    }
}
