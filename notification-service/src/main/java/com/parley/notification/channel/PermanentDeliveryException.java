package com.parley.notification.channel;

/** Delivery failed in a way retrying will not fix; the notification goes to the dead-letter topic at once. */
public class PermanentDeliveryException extends RuntimeException {

    public PermanentDeliveryException(String message, Throwable cause) {
        super(message, cause);
    }
}
