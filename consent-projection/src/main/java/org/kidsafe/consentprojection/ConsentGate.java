package org.kidsafe.consentprojection;

import jakarta.enterprise.context.ApplicationScoped;
import org.kidsafe.commons.problem.ProblemException;
import org.kidsafe.events.DataCategory;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Answers, from this service's own projection and without calling consent-service, whether a
 * child's data of a category may be collected and who the child's parent is.
 */
@ApplicationScoped
public class ConsentGate {

    public boolean allows(UUID childId, DataCategory category) {
        return ConsentProjection.<ConsentProjection>findByIdOptional(new ConsentKey(childId, category))
                .map(consent -> consent.granted)
                .orElse(false);
    }

    /** Refuses with 403 problem+json naming the missing consent. */
    public void require(UUID childId, DataCategory category) {
        if (!allows(childId, category)) {
            throw new ProblemException(403, "consent-required", "Consent required",
                    "No parental consent is recorded for " + category + " for this child.",
                    Map.of("category", category.name()));
        }
    }
}
