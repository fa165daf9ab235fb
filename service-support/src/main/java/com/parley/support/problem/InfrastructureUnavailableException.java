package com.parley.support.problem;

/** A backing service (broker, store) cannot be reached right now; the caller should retry later (503). */
public class InfrastructureUnavailableException extends RuntimeException {

    public InfrastructureUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
