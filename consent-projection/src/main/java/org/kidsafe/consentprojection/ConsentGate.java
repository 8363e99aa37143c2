package org.kidsafe.consentprojection;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import org.kidsafe.commons.problem.ProblemException;
import org.kidsafe.events.DataCategory;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Answers, from this service's own projection and without calling consent-service, whether a
 * child's data of a category may be collected and who the child's parent is.
 *
 * <p>Every decision is timed by the {@code kidsafe.consent.gate} timer (management port, {@code /q/metrics}): what a
 * local check costs inside the service, Hibernate's session and the projection's primary-key read included, which issue
 * 22 item 2 compares with a synchronous call to consent-service. Its histogram has fixed buckets of whole microseconds
 * ({@link #BUCKETS}), so p50 and p99 can be read at microsecond resolution from the difference of two scrapes.
 */
@ApplicationScoped
public class ConsentGate {

    static final String TIMER = "kidsafe.consent.gate";
    /**
     * Bucket bounds 2^(i/8) µs rounded to whole microseconds, 1 µs to about 1 s: steps of 1 µs up to 13 µs, then at most
     * 9% apart (143 buckets). Fixed bounds, unlike client-side percentiles over a time window, add up across scrapes.
     */
    static final Duration[] BUCKETS = IntStream.rangeClosed(0, 160)
            .mapToLong(step -> Math.round(Math.pow(2, step / 8.0)))
            .distinct()
            .mapToObj(micros -> Duration.ofNanos(micros * 1_000))
            .toArray(Duration[]::new);

    private final Timer decisions;
    private final ChildConsentLock lock;
    private final EntityManager entityManager;

    ConsentGate(MeterRegistry metrics, ChildConsentLock lock, EntityManager entityManager) {
        this.lock = lock;
        this.entityManager = entityManager;
        this.decisions = Timer.builder(TIMER)
                .description("Consent decisions from the service's own projection (ConsentGate.allows)")
                .serviceLevelObjectives(BUCKETS)
                .register(metrics);
    }

    public boolean allows(UUID childId, DataCategory category) {
        long begun = System.nanoTime();
        try {
            return ConsentProjection.<ConsentProjection>findByIdOptional(new ConsentKey(childId, category))
                    .map(consent -> consent.granted)
                    .orElse(false);
        } finally {
            decisions.record(System.nanoTime() - begun, TimeUnit.NANOSECONDS);
        }
    }

    /** Refuses with 403 problem+json naming the missing consent. */
    public void require(UUID childId, DataCategory category) {
        if (!allows(childId, category)) {
            throw refused(category);
        }
    }

    /**
     * For a write of the child's data, in the write's transaction: takes the child's consent lock shared until that
     * transaction ends ({@link ChildConsentLock}), then reads the consent as committed now (a query, not the session's
     * copy, which may predate the lock). A category's erasure, which closes the consent under the same lock, then either
     * finds this write committed and erases it, or this write is refused (403 problem+json). Timed like {@link #allows},
     * the lock included: it is what a write's check costs.
     */
    @Transactional(TxType.MANDATORY)
    public void requireForWriting(UUID childId, DataCategory category) {
        long begun = System.nanoTime();
        boolean granted;
        try {
            lock.shared(childId);
            granted = entityManager.createQuery(
                            "SELECT c.granted FROM ConsentProjection c WHERE c.key.childId = :childId AND c.key.category = :category", Boolean.class)
                    .setParameter("childId", childId)
                    .setParameter("category", category)
                    .getResultStream().findFirst().orElse(false);
        } finally {
            decisions.record(System.nanoTime() - begun, TimeUnit.NANOSECONDS);
        }
        if (!granted) {
            throw refused(category);
        }
    }

    private static ProblemException refused(DataCategory category) {
        return new ProblemException(403, "consent-required", "Consent required",
                "No parental consent is recorded for " + category + " for this child.",
                Map.of("category", category.name()));
    }
}
