package com.parley.realtime;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * A WebSocket client written on a bare TCP socket, for misbehaving clients the JDK client cannot play: one that
 * never reads (a tiny receive buffer, nothing read after the handshake) and one that reads but never answers the
 * server's pings.
 */
final class RawSocketClient implements AutoCloseable {

    private final Socket socket;
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();

    private RawSocketClient(Socket socket) {
        this.socket = socket;
    }

    static RawSocketClient connect(int port, String token, int receiveBufferBytes) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(receiveBufferBytes);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(30_000);
        String request = "GET /ws?access_token=" + token + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("Connection closed during the handshake: " + head);
            }
            head.write(b);
        }
        if (!head.toString(StandardCharsets.US_ASCII).startsWith("HTTP/1.1 101")) {
            throw new IOException("Handshake refused: " + head);
        }
        return new RawSocketClient(socket);
    }

    /** Reads every frame in the background, never answering pings; completes with the server's close code. */
    CompletableFuture<Integer> readWithoutPonging() {
        Thread.ofVirtual().start(() -> {
            try {
                DataInputStream in = new DataInputStream(socket.getInputStream());
                while (true) {
                    int first = in.readUnsignedByte();
                    int second = in.readUnsignedByte();
                    long length = second & 0x7F;
                    if (length == 126) {
                        length = in.readUnsignedShort();
                    } else if (length == 127) {
                        length = in.readLong();
                    }
                    byte[] payload = in.readNBytes((int) length);
                    if ((first & 0x0F) == 0x8) {
                        closeCode.complete(payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005);
                        return;
                    }
                }
            } catch (IOException e) {
                closeCode.complete(-1);
            }
        });
        return closeCode;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
