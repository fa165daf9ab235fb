package com.parley.testsupport;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Points a Spring context at this JVM's shared servers and makes it trust {@link TestTokens}. Each service
 * module gets its own database (spring.application.name), so modules never see each other's data.
 */
public class InfrastructureInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        SharedInfrastructure.Endpoints infra = SharedInfrastructure.endpoints();
        String database = "parley-test-" + context.getEnvironment().getProperty("spring.application.name", "app");
        TestPropertyValues.of(
                "spring.kafka.bootstrap-servers=" + infra.kafkaBootstrapServers(),
                "spring.mongodb.uri=" + infra.mongoUri(database),
                "spring.data.redis.host=" + infra.redisHost(),
                "spring.data.redis.port=" + infra.redisPort(),
                "parley.security.jwt.jwk-set-uri=",
                "parley.security.jwt.public-key=" + TestTokens.publicKeyPem(),
                "spring.kafka.consumer.auto-offset-reset=earliest",
                "logging.structured.format.console=")
                .applyTo(context);
    }
}
