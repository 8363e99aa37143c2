package org.kidsafe.consent;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.kidsafe.architecture.KidSafeRules;

import java.util.stream.Stream;

/** The shared architecture rules (module architecture-rules) on this service's own main classes. */
class ArchitectureTest {

    @TestFactory
    Stream<DynamicTest> kidsafeRules() {
        return KidSafeRules.checkedOn("org.kidsafe.consent");
    }
}
