package com.parley.gateway;

import java.net.URI;

import com.parley.infra.Ports;

/**
 * The stand-ins for the services, started once per test JVM and shared by every gateway context. The
 * notification service is "stopped": its URL is a port where nothing listens.
 */
final class Downstreams {

    static final DownstreamStub CONVERSATION = DownstreamStub.start("conversation");
    static final DownstreamStub MESSAGING = DownstreamStub.start("messaging");
    static final DownstreamStub REALTIME = DownstreamStub.start("realtime");
    static final URI STOPPED_NOTIFICATION = URI.create("http://127.0.0.1:" + Ports.free());

    private Downstreams() {
    }
}
