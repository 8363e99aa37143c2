package org.kidsafe.consent.verification;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;
import org.kidsafe.commons.paging.Cursor;
import org.kidsafe.commons.paging.Page;
import org.kidsafe.commons.paging.PageRequest;
import org.kidsafe.commons.problem.ProblemException;
import org.kidsafe.consent.ledger.Ledger;
import org.kidsafe.consent.ledger.LedgerType;
import org.kidsafe.consent.notice.NoticeService;
import org.kidsafe.consent.notice.NoticeService.CurrentNotice;
import org.kidsafe.consent.notice.SentNotice;
import org.kidsafe.consent.preference.Language;
import org.kidsafe.consent.preference.ParentLanguages;
import org.kidsafe.crypto.datakey.DataKey;
import org.kidsafe.sanitising.ContentFilter;
import org.kidsafe.sanitising.JpegSanitizer;
import org.kidsafe.sanitising.PdfSanitizer;
import org.kidsafe.sanitising.PngSanitizer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Signed consent forms (16 CFR 312.5(b)(2)(i)): a parent uploads a scan or photo, a compliance officer approves or
 * rejects it, and the form itself is deleted as soon as it is decided.
 * <p>
 * Issue 18 item 2: the file is cleaned of metadata before it is stored (content-sanitising: Exif GPS of a phone photo,
 * a PDF's document information, XMP, attachments and scripts), or refused; it is stored sealed under the parent's data
 * key; at most {@link VerificationSettings#maxPendingForms} wait per parent; undecided forms expire
 * ({@code ConsentFormExpiry}) and go with the parent's contact ({@code EmailVerificationService#forgetContact}); the
 * parent's key is destroyed when no pending form needs it.
 */
@ApplicationScoped
public class ConsentFormService {

    private static final Logger LOG = Logger.getLogger(ConsentFormService.class);

    private final ConsentFormRepository forms;
    private final ParentDataKeys keys;
    private final VerificationMethods verification;
    private final SignedConsentFormVerification method;
    private final VerificationSettings settings;
    private final ParentContactRepository contacts;
    private final NoticeService notices;
    private final NoticeMail noticeMail;
    private final ParentLanguages languages;
    private final ParentMail mail;
    private final Ledger ledger;
    private final Clock clock;

    ConsentFormService(ConsentFormRepository forms, ParentDataKeys keys, VerificationMethods verification, SignedConsentFormVerification method,
                       VerificationSettings settings, ParentContactRepository contacts, NoticeService notices, NoticeMail noticeMail,
                       ParentMail mail, ParentLanguages languages, Ledger ledger, Clock clock) {
        this.forms = forms;
        this.languages = languages;
        this.keys = keys;
        this.verification = verification;
        this.method = method;
        this.settings = settings;
        this.contacts = contacts;
        this.notices = notices;
        this.noticeMail = noticeMail;
        this.mail = mail;
        this.ledger = ledger;
        this.clock = clock;
    }

    /**
     * Cleans a form and stores it for review; its type comes from its first bytes, never from what the client declares.
     * The cleaning runs before the transaction, so no database connection waits on it. Then, as verification has
     * started, the parent is mailed the current direct notice if they gave an address (issue 19 item 2), after the form
     * is committed; the form records the notice once the mail went. A mail that fails leaves the upload standing, its
     * form naming no notice. The notice goes in the parent's language (issue 19 item 10): their choice, then
     * {@code acceptLanguage}, the upload request's header.
     */
    public ConsentForm submit(UUID parentId, byte[] content, String acceptLanguage) {
        if (content == null || content.length == 0) {
            throw ProblemException.badRequest("form-empty", "The upload is empty.");
        }
        if (content.length > settings.maxFormBytes()) {
            throw new ProblemException(413, "form-too-large", "Payload Too Large", "The form may be at most " + settings.maxFormBytes() + " bytes.");
        }
        FormType type = FormType.detect(content).orElseThrow(() -> new ProblemException(415, "unsupported-form-type",
                "Unsupported Media Type", "Upload the signed form as a PDF, PNG or JPEG file."));
        byte[] cleaned = type.clean(content, settings.maxFormImagePixels());
        ConsentForm form = QuarkusTransaction.requiringNew().call(() -> store(parentId, type, cleaned));
        QuarkusTransaction.requiringNew().call(() -> contacts.findByIdOptional(parentId).map(contact -> contact.email))
                .ifPresent(email -> mailNotice(form, email, languages.of(parentId, acceptLanguage)));
        return form;
    }

    private void mailNotice(ConsentForm form, String email, Language language) {
        CurrentNotice notice = notices.currentWithContent(language);
        try {
            mail.sendRendered(email, noticeMail.withFormReceipt(notice));
        } catch (ProblemException e) {
            LOG.warn("The notice could not be mailed with a signed form's receipt; the form names no notice");
            return;
        }
        Instant sentAt = clock.instant();
        QuarkusTransaction.requiringNew().run(() -> forms.findByIdOptional(form.id).ifPresent(stored -> {
            stored.noticeVersion = notice.notice().version;
            stored.noticeHash = notice.hash();
            stored.noticeLanguage = notice.language().code();
            stored.noticeSentAt = sentAt;
        }));
        form.noticeVersion = notice.notice().version;
        form.noticeHash = notice.hash();
        form.noticeLanguage = notice.language().code();
        form.noticeSentAt = sentAt;
    }

    private ConsentForm store(UUID parentId, FormType type, byte[] cleaned) {
        forms.lockParentUploads(parentId);
        if (forms.countPending(parentId) >= settings.maxPendingForms()) {
            throw new ProblemException(409, "too-many-pending-forms", "Too many pending forms",
                    "At most " + settings.maxPendingForms() + " forms can wait for review at once; wait for a decision.",
                    Map.of("maxPendingForms", settings.maxPendingForms()));
        }
        DataKey key = keys.getOrCreate(parentId);
        ConsentForm form = new ConsentForm();
        form.id = UUID.randomUUID();
        form.parentId = parentId;
        form.contentType = type.mediaType;
        form.sealedContent = ConsentFormSeal.seal(key.key(), form.id, cleaned);
        form.sizeBytes = cleaned.length;
        form.status = ConsentForm.Status.PENDING;
        form.submittedAt = clock.instant();
        forms.persist(form);
        ledger.append(LedgerType.CONSENT_FORM_SUBMITTED, null, parentId, Map.of("formId", form.id, "contentType", type.mediaType));
        return form;
    }

    /**
     * One page of the pending forms, oldest first (issue 20 item 4); each form on the page, and only those, recorded in the
     * ledger as read under the officer's id (issue 17 item 3).
     */
    @Transactional
    public Page<ConsentForm> pending(UUID officerId, PageRequest request) {
        Page<ConsentForm> page = request.page(forms.pagePending(request), form -> new Cursor(form.submittedAt, form.id));
        page.items().forEach(form -> recordRead(officerId, form, OfficerRead.FORM_METADATA));
        return page;
    }

    @Transactional
    public List<ConsentForm> submittedBy(UUID parentId) {
        return forms.listForParent(parentId);
    }

    /**
     * The cleaned file of a pending form, opened with its parent's key, for the reviewer; gone once decided. The read is
     * recorded in the ledger (issue 17 item 3) in the same transaction, so no file leaves without its entry.
     */
    @Transactional
    public FormFile pendingFile(UUID officerId, UUID formId) {
        ConsentForm form = forms.findByIdOptional(formId)
                .filter(found -> found.status == ConsentForm.Status.PENDING)
                .orElseThrow(() -> ProblemException.notFound("pending consent form"));
        DataKey key = keys.find(form.parentId).orElseThrow(() -> ProblemException.notFound("pending consent form"));
        recordRead(officerId, form, OfficerRead.FORM_CONTENT);
        return new FormFile(form.contentType, ConsentFormSeal.open(key.key(), form.id, form.sealedContent));
    }

    /**
     * Records the decision, deletes the form's file, and on approval verifies the parent. Issue 17 item 3: nobody decides
     * their own form (a user holding both the parent and the officer role), compared as consent-service identifies
     * parents, by the token subject.
     */
    @Transactional
    public ConsentForm decide(UUID reviewerId, UUID formId, boolean approved) {
        ConsentForm form = forms.findByIdOptional(formId).orElseThrow(() -> ProblemException.notFound("consent form"));
        if (form.parentId.equals(reviewerId)) {
            throw ProblemException.forbidden("self-review", "A compliance officer may not decide their own consent form.");
        }
        if (form.status != ConsentForm.Status.PENDING) {
            throw ProblemException.conflict("form-already-decided", "This form was already decided.");
        }
        form.status = approved ? ConsentForm.Status.APPROVED : ConsentForm.Status.REJECTED;
        form.decidedAt = clock.instant();
        form.reviewerId = reviewerId;
        form.sealedContent = null;
        form.contentType = null;
        form.sizeBytes = null;
        ledger.append(LedgerType.CONSENT_FORM_DECIDED, null, form.parentId,
                Map.of("formId", form.id, "outcome", form.status.name(), "reviewerId", reviewerId));
        if (approved && form.noticeVersion != null) {
            verification.recordPassed(form.parentId, method, new SentNotice(form.noticeVersion, form.noticeHash, form.noticeLanguage, form.noticeSentAt));
        } else if (approved) {
            verification.recordPassed(form.parentId, method);
        }
        destroyKeyIfNothingPending(form.parentId);
        return form;
    }

    /**
     * The parent's key exists only to seal pending forms: once none is left it is destroyed, so a parent who never gives
     * an address (whose contact no purge would find) keeps no key either. Under the parent's upload lock, so an upload
     * that is sealing under the key at this moment keeps it.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void destroyKeyIfNothingPending(UUID parentId) {
        forms.lockParentUploads(parentId);
        if (forms.countPending(parentId) == 0) {
            keys.destroy(parentId);
        }
    }

    private void recordRead(UUID officerId, ConsentForm form, OfficerRead action) {
        ledger.append(LedgerType.OFFICER_READ, null, form.parentId, Map.of("officerId", officerId, "formId", form.id, "action", action.name()));
    }

    /** What an officer read, as the ledger names it. */
    enum OfficerRead {
        /** A pending form's listing: its id, type, size and dates. */
        FORM_METADATA,
        /** A pending form's file. */
        FORM_CONTENT
    }

    /** A pending form's cleaned file, as the reviewer downloads it. */
    public record FormFile(String contentType, byte[] content) {
    }

    /** The file types a signed form may have, recognised by their magic bytes, each with the filter that cleans it. */
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

        static Optional<FormType> detect(byte[] content) {
            return Arrays.stream(values())
                    .filter(type -> content.length >= type.magic.length
                            && Arrays.equals(Arrays.copyOf(content, type.magic.length), type.magic))
                    .findFirst();
        }

        /** The file without its metadata, or a 422 problem when it cannot be cleaned. */
        byte[] clean(byte[] content, long maxImagePixels) {
            ContentFilter filter = switch (this) {
                case PDF -> new PdfSanitizer(maxImagePixels);
                case PNG -> new PngSanitizer(maxImagePixels);
                case JPEG -> new JpegSanitizer(maxImagePixels);
            };
            ByteArrayOutputStream cleaned = new ByteArrayOutputStream(content.length);
            try {
                filter.copy(new ByteArrayInputStream(content), cleaned);
            } catch (IOException e) {
                throw new UncheckedIOException("Reading an in-memory form failed", e);
            }
            return cleaned.toByteArray();
        }
    }
}
