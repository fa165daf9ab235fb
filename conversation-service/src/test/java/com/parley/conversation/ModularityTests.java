package com.parley.conversation;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** Features depend on each other's base-package API only, and without cycles (system/ depends on no feature). */
class ModularityTests {

    @Test
    void featuresRespectEachOthersBoundaries() {
        ApplicationModules.of(ConversationApplication.class).verify();
    }
}
