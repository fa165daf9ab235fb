package com.parley.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * Where a Docker engine exists the shared servers are Testcontainers; without one this class is skipped
 * (counted as skipped by Surefire), never failed.
 */
@Testcontainers(disabledWithoutDocker = true)
class TestcontainersInfrastructureTests {

    @Test
    void sharedInfrastructureRunsOnContainersWhenDockerIsAvailable() {
        assertThat(SharedInfrastructure.endpoints().kind()).isEqualTo("testcontainers");
    }
}
