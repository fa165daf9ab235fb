package com.parley.notification;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** Features depend on each other's base-package API only, and without cycles. */
class ModularityTests {

    @Test
    void featuresRespectEachOthersBoundaries() {
        ApplicationModules.of(NotificationApplication.class).verify();
    }
}
