package com.parley.realtime.system;

import org.springframework.data.redis.connection.MessageListener;

/** A Redis pub/sub subscriber of a feature (typing, presence), subscribed on every node. */
public interface ChannelListener extends MessageListener {

    String channel();
}
