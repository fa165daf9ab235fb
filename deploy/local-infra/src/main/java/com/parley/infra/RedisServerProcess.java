package com.parley.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import redis.embedded.RedisServer;

/**
 * A real Redis server: the binary shipped inside the embedded-redis jar (no root, no package manager).
 * With a data directory it keeps an append-only file there.
 */
public final class RedisServerProcess implements AutoCloseable {

    private final RedisServer server;
    private final int port;

    private RedisServerProcess(RedisServer server, int port) {
        this.server = server;
        this.port = port;
    }

    public static RedisServerProcess start(int port, Path dataDir) {
        try {
            var builder = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                    .setting("maxmemory 256mb")
                    .setting("save \"\"");
            if (dataDir != null) {
                Files.createDirectories(dataDir);
                builder.setting("dir " + dataDir.toAbsolutePath()).setting("appendonly yes");
            } else {
                builder.setting("appendonly no");
            }
            RedisServer server = builder.build();
            server.start();
            return new RedisServerProcess(server, port);
        } catch (IOException e) {
            throw new IllegalStateException("Redis could not start on port " + port + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (IOException e) {
            // the process is gone either way
        }
    }
}
