package org.kidsafe.media;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.kidsafe.testsupport.MutableClock;

/** The service's clock in tests: the shared {@link MutableClock}, which tests inject to move time. */
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
