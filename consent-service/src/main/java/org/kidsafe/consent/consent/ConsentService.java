package org.kidsafe.consent.consent;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional.TxType;
import jakarta.transaction.Transactional;
import org.hibernate.exception.ConstraintViolationException;
import org.kidsafe.commons.access.ChildAccess;
import org.kidsafe.commons.access.Guardians;
import org.kidsafe.commons.paging.Cursor;
import org.kidsafe.commons.paging.Page;
import org.kidsafe.commons.paging.PageRequest;
import org.kidsafe.commons.problem.ProblemException;
import org.kidsafe.consent.erasure.ErasureService;
import org.kidsafe.consent.ledger.Ledger;
import org.kidsafe.consent.ledger.LedgerType;
import org.kidsafe.consent.notice.Notice;
import org.kidsafe.consent.preference.Language;
import org.kidsafe.consent.preference.ParentLanguages;
import org.kidsafe.consent.notice.NoticeService;
import org.kidsafe.consent.verification.ParentVerification;
import org.kidsafe.consent.verification.VerificationMethods;
import org.kidsafe.events.DataCategory;
import org.kidsafe.events.outbox.EventOutbox;
import org.kidsafe.events.schema.ConsentGranted;
import org.kidsafe.events.schema.ConsentRevoked;

import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Records consent and its withdrawal, with the ledger entry and the event, in one transaction. */
@ApplicationScoped
public class ConsentService {

    private final ConsentRecordRepository consents;
    private final ChildAccess access;
    private final Guardians guardians;
    private final NoticeService notices;
    private final VerificationMethods verification;
    private final ErasureService erasures;
    private final ParentLanguages languages;
    private final Ledger ledger;
    private final EventOutbox outbox;
    private final Clock clock;

    ConsentService(ConsentRecordRepository consents, ChildAccess access, Guardians guardians, NoticeService notices,
                   VerificationMethods verification, ErasureService erasures, ParentLanguages languages, Ledger ledger, EventOutbox outbox, Clock clock) {
        this.consents = consents;
        this.languages = languages;
        this.access = access;
        this.guardians = guardians;
        this.notices = notices;
        this.verification = verification;
        this.erasures = erasures;
        this.ledger = ledger;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * Grants consent for one category, backed by the parent's strongest verification that unlocks the category. The
     * request must name the current notice (what the app shows); the record names the notice that was emailed to the
     * parent with that verification's code (16 CFR 312.4(c), issue 19 item 2), which may be an earlier version, unless a
     * version marked material since superseded it (issue 19 item 3): then the current notice, as shown. A verification
     * that mailed none (a signed form, or one from before notices were sent) leaves the current notice, marked as not
     * sent.
     * <p>
     * Granting a category whose active consent needs renewal renews it (issue 19 item 3): it then names the current
     * notice, which the renewal mail delivered, and collection never stops.
     */
    @Transactional
    public ConsentRecord grant(UUID parentId, UUID childId, DataCategory category, int noticeVersion) {
        access.requireGuardian(parentId, childId);
        Notice notice = notices.current();
        if (notice.version != noticeVersion) {
            throw new ProblemException(409, "notice-outdated", "Notice outdated",
                    "Consent must be given to the current notice; read it again.", Map.of("currentNoticeVersion", notice.version));
        }
        ParentVerification verified = verification.require(parentId, category);
        ConsentRecord active = consents.findActiveForUpdate(childId, category).orElse(null); // a lapse waits, or came first
        if (active != null && active.renewalDueAt != null) {
            return renew(active, notice);
        }
        if (active != null) {
            throw alreadyGranted(category);
        }
        ConsentRecord consent = new ConsentRecord();
        consent.id = UUID.randomUUID();
        consent.childId = childId;
        consent.parentId = parentId;
        consent.category = category;
        int material = notices.latestMaterialVersion().orElse(0);
        if (verified.noticeVersion != null && verified.noticeVersion >= material) {
            consent.noticeVersion = verified.noticeVersion;
            consent.noticeHash = verified.noticeHash;
            consent.noticeLanguage = verified.noticeLanguage;
            consent.noticeSentAt = verified.noticeSentAt;
        } else {
            consent.noticeVersion = notice.version;
            consent.noticeHash = notice.contentHash;
        }
        consent.verificationMethod = verified.method;
        consent.assuranceLevel = verified.assuranceLevel;
        consent.grantedAt = clock.instant();
        persistGuardingDoubleSubmit(consent);
        ledger.append(LedgerType.CONSENT_GRANTED, childId, parentId, Map.of("category", category.name(), "noticeVersion", consent.noticeVersion,
                "noticeHash", consent.noticeHash, "noticeSent", consent.noticeSentAt != null, "verificationMethod", verified.method,
                "assuranceLevel", verified.assuranceLevel));
        outbox.publish(childId, new ConsentGranted(parentId, category, consent.noticeVersion, verified.assuranceLevel));
        return consent;
    }

    /**
     * The consent now stands under the current notice: sent when the renewal mail (which carries it) went out. No event:
     * the consent never stopped, so no service's projection changes.
     */
    private ConsentRecord renew(ConsentRecord consent, Notice current) {
        // The renewal mail went in the parent's language (issue 19 item 10); a notice only served is the English one.
        Language language = current.language(consent.renewalMailedAt != null ? languages.of(consent.parentId, null) : Language.EN);
        ledger.append(LedgerType.CONSENT_RENEWED, consent.childId, consent.parentId, Map.of("category", consent.category.name(),
                "previousNoticeVersion", consent.noticeVersion, "noticeVersion", current.version, "noticeHash", current.contentHash(language),
                "noticeSent", consent.renewalMailedAt != null));
        consent.noticeVersion = current.version;
        consent.noticeHash = current.contentHash(language);
        consent.noticeLanguage = consent.renewalMailedAt != null ? language.code() : null;
        consent.noticeSentAt = consent.renewalMailedAt;
        consent.renewalDueAt = null;
        consent.renewalMailedAt = null;
        return consent;
    }

    /**
     * Inserts the consent at once, so that a concurrent grant of the same category (a double submit, possibly on
     * another replica) that passed the check above meets the database's one-active-consent index here and is
     * answered like any repeated grant, 409, instead of a second active consent (issue 18 item 6).
     */
    private void persistGuardingDoubleSubmit(ConsentRecord consent) {
        try {
            consents.persist(consent);
            consents.flush();
        } catch (ConstraintViolationException e) {
            throw alreadyGranted(consent.category);
        }
    }

    private static ProblemException alreadyGranted(DataCategory category) {
        return ProblemException.conflict("consent-already-granted", "Consent for " + category + " is already granted for this child.");
    }

    /**
     * Withdraws one category: collection stops everywhere, and what was collected is erased. Any guardian may withdraw a
     * consent another guardian gave (issue 19 item 4); the ledger and the event name who withdrew it.
     */
    @Transactional
    public UUID revoke(UUID parentId, UUID childId, DataCategory category) {
        access.requireGuardian(parentId, childId);
        ConsentRecord consent = consents.findActive(childId, category)
                .orElseThrow(() -> new ProblemException(404, "consent-not-granted", "Not found", "No active consent for " + category + "."));
        revoke(parentId, consent);
        // The revoked record stays: it is the proof of when consent ended.
        return erasures.start(childId, parentId, guardians.guardiansOf(childId), EnumSet.of(category), Map.of()).id;
    }

    /**
     * Ends every consent of a child that is being deleted (16 CFR 312.6(a)(2)), each revocation recorded and
     * announced in the name of the guardian who deletes the child ({@code actorId}), then deletes the child's consent
     * records; returns how many went. Runs in the deletion's transaction.
     */
    @Transactional(TxType.MANDATORY)
    public long revokeAndDeleteAll(UUID actorId, UUID childId) {
        consents.listActiveForChild(childId).forEach(consent -> revoke(actorId, consent));
        return consents.deleteForChild(childId);
    }

    /**
     * A consent not renewed by its deadline after a material change lapses (issue 19 item 3): revoked like a withdrawal,
     * so its ConsentRevoked stops collection in every service through their projections, but nothing is erased: the
     * parent did not ask for that, and may still renew by granting again, or delete. Runs in the caller's transaction.
     */
    @Transactional(TxType.MANDATORY)
    public void lapse(ConsentRecord consent) {
        revoke(consent.parentId, consent, Map.of("category", consent.category.name(), "reason", "renewal-lapsed",
                "noticeVersion", consent.noticeVersion));
    }

    private void revoke(UUID actorId, ConsentRecord consent) {
        revoke(actorId, consent, Map.of("category", consent.category.name(), "grantedBy", consent.parentId.toString()));
    }

    /** The ledger entry and the event name {@code actorId}, who ended the consent (issue 19 item 4). */
    private void revoke(UUID actorId, ConsentRecord consent, Map<String, Object> details) {
        consent.revokedAt = clock.instant();
        ledger.append(LedgerType.CONSENT_REVOKED, consent.childId, actorId, details);
        outbox.publish(consent.childId, new ConsentRevoked(actorId, consent.category));
    }

    /** One page of the child's consent history, revoked ones included, oldest grant first (issue 20 item 4). */
    @Transactional
    public Page<ConsentRecord> listForChild(UUID parentId, UUID childId, PageRequest request) {
        access.requireGuardian(parentId, childId);
        return request.page(consents.pageForChild(childId, request), consent -> new Cursor(consent.grantedAt, consent.id));
    }
}
