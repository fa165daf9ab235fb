package com.parley.gateway.system;

import java.util.Map;

import org.springframework.http.HttpStatus;

/** A client error with a stable {@code code}, rendered as a problem detail by {@link ProblemExceptionHandler}. */
public class ApiProblem extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final Map<String, ?> properties;

    public ApiProblem(HttpStatus status, String code, String detail) {
        this(status, code, detail, Map.of());
    }

    public ApiProblem(HttpStatus status, String code, String detail, Map<String, ?> properties) {
        super(detail);
        this.status = status;
        this.code = code;
        this.properties = Map.copyOf(properties);
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, ?> properties() {
        return properties;
    }
}
