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
        return new MongoWireServer(new CommittingH2Backend(file.toAbsolutePath().toString()), port);
    }

    /**
     * The H2 backend never commits its MVStore itself; MVStore commits in the background about once a second, so a
     * killed process would lose the writes it acknowledged in that last second. This one commits after
     * every command that may have written before the answer goes out: the data reaches the file (the OS page
     * cache) first, so killing the process loses nothing it acknowledged.
     */
    static final class CommittingH2Backend extends H2Backend {

        private static final java.util.Set<String> READS = java.util.Set.of("find", "getmore", "count", "aggregate",
                "distinct", "listcollections", "listindexes", "listdatabases", "ping", "hello", "ismaster",
                "buildinfo", "getlasterror", "serverstatus", "killcursors", "endsessions", "dbstats",
                "collstats", "getparameter", "getlog", "hostinfo", "whatsmyuri", "connectionstatus");

        CommittingH2Backend(String fileName) {
            super(fileName);
        }

        @Override
        public de.bwaldvogel.mongo.bson.Document handleCommand(io.netty.channel.Channel channel, String database,
                                                               String command, de.bwaldvogel.mongo.bson.Document query) {
            de.bwaldvogel.mongo.bson.Document answer = super.handleCommand(channel, database, command, query);
            if (!READS.contains(command.toLowerCase(java.util.Locale.ROOT))) {
                commit();
            }
            return answer;
        }
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
