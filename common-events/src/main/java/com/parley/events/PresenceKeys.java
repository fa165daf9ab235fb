package com.parley.events;

/**
 * The Redis keys of the realtime session/presence registry, the one contract between the realtime service
 * (which writes them) and the services that ask "is this user online?" (which only read them).
 *
 * <ul>
 *   <li>{@link #online(String)}: exists while the user has at least one live WebSocket session on any realtime
 *   node; its TTL is refreshed by that node's heartbeat, so a crashed node's users go offline by themselves.
 *   Value: the JSON of the user's presence ({@code status} online|away, {@code since}).</li>
 *   <li>{@link #sessions(String)}: the ids of the user's live sessions.</li>
 *   <li>{@link #session(String)}: one session: userId, node, connectedAt (hash, same TTL rule).</li>
 * </ul>
 */
public final class PresenceKeys {

    public static final String PREFIX = "parley:presence:";

    private PresenceKeys() {
    }

    public static String online(String userId) {
        return PREFIX + "online:" + userId;
    }

    public static String sessions(String userId) {
        return PREFIX + "sessions:" + userId;
    }

    public static String session(String sessionId) {
        return PREFIX + "session:" + sessionId;
    }

    /** Set of user ids of staff with a live session, for "a new ticket waits and no staff is online". */
    public static String onlineStaff() {
        return PREFIX + "staff";
    }
}
