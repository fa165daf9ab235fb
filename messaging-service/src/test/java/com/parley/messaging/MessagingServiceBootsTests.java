package com.parley.messaging;

import org.junit.jupiter.api.Test;

import com.parley.messaging.support.MessagingIntegrationTest;
import com.parley.testsupport.BootChecks;
import com.parley.testsupport.TestHttp;

class MessagingServiceBootsTests extends MessagingIntegrationTest {

    @Test
    void reportsReadyAndExposesPrometheusMetricsTaggedWithTheApplication() {
        BootChecks.assertReadyHealthyAndTagged(TestHttp.at(port), "messaging-service");
    }

    @Test
    void refusesAMissingOrForgedTokenWithAProblemDetail() {
        BootChecks.assertRefusesMissingOrForgedToken(TestHttp.at(port));
    }
}
