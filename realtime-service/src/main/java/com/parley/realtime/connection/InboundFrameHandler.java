package com.parley.realtime.connection;

import tools.jackson.databind.JsonNode;

/** Handles one client frame type; features (typing, resume, presence) provide them. */
public interface InboundFrameHandler {

    /** The frame {@code type} this handler serves. */
    String type();

    /** Acts on the frame; throws {@link FrameRejectedException} to answer with an error frame. */
    void handle(ClientConnection connection, JsonNode data);
}
