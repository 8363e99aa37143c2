package org.kidsafe.consent.verification;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.kidsafe.commons.problem.ProblemException;
import org.kidsafe.consent.ledger.Ledger;
import org.kidsafe.consent.ledger.LedgerType;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Signed consent forms (16 CFR 312.5(b)(2)(i)): a parent uploads a scan or photo, a compliance
 * officer approves or rejects it, and the form itself is deleted as soon as it is decided.
 */
@ApplicationScoped
public class ConsentFormService {

    private final ConsentFormRepository forms;
    private final VerificationMethods verification;
    private final SignedConsentFormVerification method;
    private final VerificationSettings settings;
    private final Ledger ledger;
    private final Clock clock;

    ConsentFormService(ConsentFormRepository forms, VerificationMethods verification, SignedConsentFormVerification method,
                       VerificationSettings settings, Ledger ledger, Clock clock) {
        this.forms = forms;
        this.verification = verification;
        this.method = method;
        this.settings = settings;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** Stores a form for review; its type comes from its first bytes, never from what the client declares. */
    @Transactional
    public ConsentForm submit(UUID parentId, byte[] content) {
        if (content == null || content.length == 0) {
            throw ProblemException.badRequest("form-empty", "The upload is empty.");
        }
        if (content.length > settings.maxFormBytes()) {
            throw new ProblemException(413, "form-too-large", "Payload Too Large", "The form may be at most " + settings.maxFormBytes() + " bytes.");
        }
        String type = FormType.detect(content).orElseThrow(() -> new ProblemException(415, "unsupported-form-type",
                "Unsupported Media Type", "Upload the signed form as a PDF, PNG or JPEG file."));
        ConsentForm form = new ConsentForm();
        form.id = UUID.randomUUID();
        form.parentId = parentId;
        form.contentType = type;
        form.content = content;
        form.sizeBytes = content.length;
        form.status = ConsentForm.Status.PENDING;
        form.submittedAt = clock.instant();
        forms.persist(form);
        ledger.append(LedgerType.CONSENT_FORM_SUBMITTED, null, parentId, Map.of("formId", form.id, "contentType", type));
        return form;
    }

    @Transactional
    public List<ConsentForm> pending() {
        return forms.listPending();
    }

    @Transactional
    public List<ConsentForm> submittedBy(UUID parentId) {
        return forms.listForParent(parentId);
    }

    /** The form a reviewer looks at; gone once decided. */
    @Transactional
    public ConsentForm pendingForm(UUID formId) {
        return forms.findByIdOptional(formId)
                .filter(form -> form.status == ConsentForm.Status.PENDING)
                .orElseThrow(() -> ProblemException.notFound("pending consent form"));
    }

    /** Records the decision, deletes the form's bytes, and on approval verifies the parent. */
    @Transactional
    public ConsentForm decide(UUID reviewerId, UUID formId, boolean approved) {
        ConsentForm form = forms.findByIdOptional(formId).orElseThrow(() -> ProblemException.notFound("consent form"));
        if (form.status != ConsentForm.Status.PENDING) {
            throw ProblemException.conflict("form-already-decided", "This form was already decided.");
        }
        form.status = approved ? ConsentForm.Status.APPROVED : ConsentForm.Status.REJECTED;
        form.decidedAt = clock.instant();
        form.reviewerId = reviewerId;
        form.content = null;
        form.contentType = null;
        form.sizeBytes = null;
        ledger.append(LedgerType.CONSENT_FORM_DECIDED, null, form.parentId,
                Map.of("formId", form.id, "outcome", form.status.name(), "reviewerId", reviewerId));
        if (approved) {
            verification.recordPassed(form.parentId, method);
        }
        return form;
    }

    /** The file types a signed form may have, recognised by their magic bytes. */
    enum FormType {
        PDF("application/pdf", new byte[] {'%', 'P', 'D', 'F', '-'}),
        PNG("image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a}),
        JPEG("image/jpeg", new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff});

        private final String mediaType;
        private final byte[] magic;

        FormType(String mediaType, byte[] magic) {
            this.mediaType = mediaType;
            this.magic = magic;
        }

        static Optional<String> detect(byte[] content) {
            return Arrays.stream(values())
                    .filter(type -> content.length >= type.magic.length
                            && Arrays.equals(Arrays.copyOf(content, type.magic.length), type.magic))
                    .map(type -> type.mediaType)
                    .findFirst();
        }
    }
}
