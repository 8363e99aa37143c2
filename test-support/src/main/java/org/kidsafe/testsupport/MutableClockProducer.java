package org.kidsafe.testsupport;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The service's clock in tests: the shared {@link MutableClock}, which tests inject to move time. One producer for
 * every service: Quarkus discovers it in this module's Jandex index wherever test-support is a (test) dependency, and
 * the enabled alternative replaces the service's own {@code Clock} bean (event-backbone's {@code SystemClock}). An
 * application that injects no {@code Clock} (the gateway) never sees it: unused beans are removed.
 */
@Singleton
public class MutableClockProducer {

    @Produces
    @Alternative
    @Priority(1)
    @Singleton
    MutableClock clock() {
        return new MutableClock();
    }
}
