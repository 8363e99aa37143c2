package org.kidsafe.consent.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.kidsafe.consent.domain.ConsentRecord;
import org.kidsafe.consent.repository.ConsentRecordRepository;
import org.kidsafe.commons.problem.ProblemException;
import org.kidsafe.events.DataCategory;
import org.kidsafe.events.outbox.EventOutbox;
import org.kidsafe.events.schema.ConsentGranted;

import java.time.Clock;
import java.util.UUID;

/** Records consent and announces it, in one transaction. */
@ApplicationScoped
public class ConsentService {

    private final ConsentRecordRepository consents;
    private final EventOutbox outbox;
    private final Clock clock;

    ConsentService(ConsentRecordRepository consents, EventOutbox outbox, Clock clock) {
        this.consents = consents;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Transactional
    public ConsentRecord grant(UUID parentId, UUID childId, DataCategory category, int noticeVersion, int assuranceLevel) {
        consents.findActive(childId, category).ifPresent(existing -> {
            if (!existing.parentId.equals(parentId)) {
                throw ProblemException.notFound("child");
            }
            throw ProblemException.conflict("consent-already-granted", "Consent for " + category + " is already granted for this child.");
        });
        ConsentRecord consent = new ConsentRecord();
        consent.id = UUID.randomUUID();
        consent.childId = childId;
        consent.parentId = parentId;
        consent.category = category;
        consent.noticeVersion = noticeVersion;
        consent.assuranceLevel = assuranceLevel;
        consent.grantedAt = clock.instant();
        consents.persist(consent);
        outbox.publish(childId, new ConsentGranted(parentId, category, noticeVersion, assuranceLevel));
        return consent;
    }
}
