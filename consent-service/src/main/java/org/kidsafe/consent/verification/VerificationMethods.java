package org.kidsafe.consent.verification;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import org.kidsafe.commons.problem.ProblemException;
import org.kidsafe.consent.ledger.Ledger;
import org.kidsafe.consent.ledger.LedgerType;
import org.kidsafe.consent.notice.SentNotice;
import org.kidsafe.events.DataCategory;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Every verification method there is, and what each parent has passed. */
@ApplicationScoped
public class VerificationMethods {

    private final List<VerificationMethod> methods;
    private final ParentVerificationRepository verifications;
    private final Ledger ledger;
    private final Clock clock;

    VerificationMethods(Instance<VerificationMethod> methods, ParentVerificationRepository verifications, Ledger ledger, Clock clock) {
        this.methods = methods.stream().sorted(Comparator.comparingInt(VerificationMethod::assuranceLevel)).toList();
        this.verifications = verifications;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** The parent's strongest passed verification that unlocks the category, or 403 naming the methods that would. */
    @Transactional(TxType.MANDATORY)
    public ParentVerification require(UUID parentId, DataCategory category) {
        Optional<ParentVerification> sufficient = verifications.listForParent(parentId).stream()
                .filter(passed -> method(passed.method).map(method -> method.unlocks().contains(category)).orElse(false))
                .findFirst();
        return sufficient.orElseThrow(() -> new ProblemException(403, "verification-required", "Verification required",
                "Consent to " + category + " needs a stronger verification that you are the parent.",
                Map.of("category", category.name(), "requiredVerification", sufficientFor(category))));
    }

    /** Records that a parent passed a method (once per method). */
    @Transactional(TxType.MANDATORY)
    public ParentVerification recordPassed(UUID parentId, VerificationMethod method) {
        return verifications.find(parentId, method.name()).orElseGet(() -> {
            ParentVerification passed = new ParentVerification();
            passed.id = UUID.randomUUID();
            passed.parentId = parentId;
            passed.method = method.name();
            passed.assuranceLevel = method.assuranceLevel();
            passed.verifiedAt = clock.instant();
            verifications.persist(passed);
            ledger.append(LedgerType.PARENT_VERIFIED, null, parentId, Map.of("method", method.name(), "assuranceLevel", method.assuranceLevel()));
            return passed;
        });
    }

    /**
     * Records that a parent passed a method by confirming a code that came with a notice: the verification now names that
     * notice, the one the consents it backs are given under (issue 19 item 2). A later confirmation names its own, newer one.
     */
    @Transactional(TxType.MANDATORY)
    public ParentVerification recordPassed(UUID parentId, VerificationMethod method, SentNotice notice) {
        ParentVerification passed = recordPassed(parentId, method);
        passed.noticeVersion = notice.version();
        passed.noticeHash = notice.hash();
        passed.noticeLanguage = notice.language();
        passed.noticeSentAt = notice.sentAt();
        return passed;
    }

    @Transactional(TxType.SUPPORTS)
    public List<ParentVerification> passedBy(UUID parentId) {
        return verifications.listForParent(parentId);
    }

    public List<VerificationMethod> all() {
        return methods;
    }

    public List<String> sufficientFor(DataCategory category) {
        return methods.stream().filter(method -> method.unlocks().contains(category)).map(VerificationMethod::name).toList();
    }

    private Optional<VerificationMethod> method(String name) {
        return methods.stream().filter(method -> method.name().equals(name)).findFirst();
    }
}
