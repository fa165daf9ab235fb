package com.parley.realtime.connection;

/** Told when a socket of this node opens and closes (the presence registry listens). */
public interface ConnectionListener {

    void opened(ClientConnection connection);

    void closed(ClientConnection connection);
}
