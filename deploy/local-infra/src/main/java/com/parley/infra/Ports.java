package com.parley.infra;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Small port helpers: a clear message instead of a BindException stack trace. */
public final class Ports {

    private Ports() {
    }

    public static boolean inUse(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    public static void requireFree(String what, int port, String setting) {
        if (inUse(port)) {
            throw new PortInUseException(what + " cannot start: port " + port + " is already in use. "
                    + "Stop whatever uses it, or choose another port with " + setting + ".");
        }
    }

    public static int free() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free port", e);
        }
    }

    public static boolean accepts(int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static class PortInUseException extends RuntimeException {
        public PortInUseException(String message) {
            super(message);
        }
    }
}
