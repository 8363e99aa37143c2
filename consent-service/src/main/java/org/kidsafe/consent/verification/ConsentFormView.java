package org.kidsafe.consent.verification;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.UUID;

/** A signed consent form: while pending its type and size, once decided only outcome, reviewer and time. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConsentFormView(UUID formId, UUID parentId, String status, String contentType, Integer sizeBytes, Instant submittedAt,
                              Instant decidedAt, UUID reviewerId) {

    static ConsentFormView forReviewer(ConsentForm form) {
        return new ConsentFormView(form.id, form.parentId, form.status.name(), form.contentType, form.sizeBytes, form.submittedAt,
                form.decidedAt, form.reviewerId);
    }

    static ConsentFormView forParent(ConsentForm form) {
        return new ConsentFormView(form.id, null, form.status.name(), form.contentType, form.sizeBytes, form.submittedAt,
                form.decidedAt, null);
    }
}
