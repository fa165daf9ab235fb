package com.parley.realtime;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.parley.testsupport.BootChecks;
import com.parley.testsupport.ParleyIntegrationTest;
import com.parley.testsupport.TestHttp;

@ParleyIntegrationTest
class RealtimeServiceBootsTests {

    @LocalServerPort
    int port;

    @Test
    void reportsReadyAndExposesPrometheusMetricsTaggedWithTheApplication() {
        BootChecks.assertReadyHealthyAndTagged(TestHttp.at(port), "realtime-service", Duration.ofSeconds(30),
                "overall health once the fan-out owns its partitions");
    }

    @Test
    void refusesAMissingOrForgedTokenWithAProblemDetail() {
        BootChecks.assertRefusesMissingOrForgedToken(TestHttp.at(port));
    }
}
