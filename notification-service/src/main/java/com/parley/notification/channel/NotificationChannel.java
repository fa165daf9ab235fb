package com.parley.notification.channel;

import com.parley.notification.preferences.RecipientSettings;

/**
 * One way of reaching a user (e-mail, Web Push). Delivery wraps every channel in its own retry and circuit
 * breaker, so an implementation only tries once and reports how it went.
 */
public interface NotificationChannel {

    /** Stable name, used in metrics, the log and the circuit breaker: {@code email}, {@code push}. */
    String name();

    /** Whether the recipient allows this channel and it has somewhere to deliver to. */
    boolean reaches(RecipientSettings recipient);

    /**
     * Delivers once. Throws {@link PermanentDeliveryException} when retrying cannot help (a malformed address),
     * any other exception when it may (server down, timeout).
     */
    void deliver(RecipientSettings recipient, Notification notification);
}
