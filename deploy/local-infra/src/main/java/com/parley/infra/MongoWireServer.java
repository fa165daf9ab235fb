package com.parley.infra;

import java.nio.file.Files;
import java.nio.file.Path;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * A MongoDB wire-protocol server (mongo-java-server) for machines where mongod cannot be installed. Real
 * drivers talk to it over TCP. Limits: no transactions, non-unique secondary indexes ignored, every operation
 * on a collection serialised (see shared/INFRA-NOTES.md).
 */
public final class MongoWireServer implements AutoCloseable {

    private final MongoServer server;
    private final int port;

    private MongoWireServer(MongoBackend backend, int port) {
        this.server = new MongoServer(backend);
        this.server.bind("127.0.0.1", port);
        this.port = server.getLocalAddress().getPort();
    }

    /** Data in memory, gone when the JVM stops: tests. Port 0 picks a free one. */
    public static MongoWireServer inMemory(int port) {
        return new MongoWireServer(new MemoryBackend(), port);
    }

    /** Data in an H2 file that survives restarts: the local stack. */
    public static MongoWireServer onDisk(Path file, int port) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Cannot create " + file.getParent(), e);
        }
        return new MongoWireServer(new H2Backend(file.toAbsolutePath().toString()), port);
    }

    public int port() {
        return port;
    }

    public String uri(String database) {
        return "mongodb://127.0.0.1:" + port + "/" + database;
    }

    @Override
    public void close() {
        server.shutdown();
    }
}
