package com.parley.testsupport;

import java.util.function.BooleanSupplier;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/** What a test waits for before it counts events: no outbox entry left that a relay could still publish. */
public final class Outboxes {

    private Outboxes() {
    }

    /** True when no document of these collections holds an outbox entry (service-support's {@code outbox} field). */
    public static BooleanSupplier drained(MongoTemplate mongo, String... collections) {
        return () -> {
            for (String collection : collections) {
                if (mongo.exists(Query.query(Criteria.where("outbox.0").exists(true)), collection)) {
                    return false;
                }
            }
            return true;
        };
    }
}
