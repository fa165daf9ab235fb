package com.parley.messaging.system;

/** MongoDB collection names of this service, in one place. */
public final class Collections {

    public static final String MESSAGES = "messages";
    public static final String READ_RECEIPTS = "read_receipts";
    public static final String CONVERSATION_ACCESS = "conversation_access";
    public static final String ATTACHMENTS = "attachments";

    private Collections() {
    }
}
