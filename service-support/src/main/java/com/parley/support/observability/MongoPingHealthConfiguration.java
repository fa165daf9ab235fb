package com.parley.support.observability;

import org.bson.Document;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import com.mongodb.client.MongoClient;

/**
 * Boot's MongoDB health check sends {@code hello}, which the MongoDB wire server of the local stack does not
 * know, so every service would report DOWN there. {@code ping} is answered by that server and by real MongoDB
 * alike, and is what a health check needs: can we reach the database.
 */
@AutoConfiguration(
        afterName = "org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration",
        beforeName = "org.springframework.boot.mongodb.autoconfigure.health.MongoHealthContributorAutoConfiguration")
@ConditionalOnClass({MongoClient.class, HealthIndicator.class})
@ConditionalOnBean(MongoClient.class)
public class MongoPingHealthConfiguration {

    @Bean(name = "mongoHealthIndicator")
    HealthIndicator mongoHealthIndicator(MongoClient client) {
        return new AbstractHealthIndicator("MongoDB health check failed") {
            @Override
            protected void doHealthCheck(Health.Builder builder) {
                Document result = client.getDatabase("admin").runCommand(new Document("ping", 1));
                builder.up().withDetail("ping", result.get("ok"));
            }
        };
    }
}
