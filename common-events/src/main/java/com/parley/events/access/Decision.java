package com.parley.events.access;

/**
 * The answer of an access check, with the stable problem code and HTTP status a refusal is reported with.
 * Services map a refusal to their own exception type (common-events knows no web framework).
 */
public enum Decision {
    ALLOWED(200, null, null),
    NOT_PARTICIPANT(403, "not_a_participant", "You are not a participant of this conversation"),
    NOT_ASSIGNEE(403, "not_assignee", "Only the staff member who claimed this ticket may write to it"),
    CLOSED(409, "conversation_closed", "This conversation is closed");

    private final int httpStatus;
    private final String code;
    private final String detail;

    Decision(int httpStatus, String code, String detail) {
        this.httpStatus = httpStatus;
        this.code = code;
        this.detail = detail;
    }

    public boolean allowed() {
        return this == ALLOWED;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The problem code of a refusal; null when allowed. */
    public String code() {
        return code;
    }

    public String detail() {
        return detail;
    }
}
