package org.kidsafe.consent.verification;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import org.kidsafe.commons.problem.ProblemException;
import org.kidsafe.consent.hashing.Hashing;
import org.kidsafe.consent.ledger.Ledger;
import org.kidsafe.consent.ledger.LedgerType;
import org.kidsafe.consent.notice.Notice;
import org.kidsafe.consent.notice.NoticeService;
import org.kidsafe.consent.notice.NoticeService.CurrentNotice;
import org.kidsafe.consent.notice.SentNotice;
import org.kidsafe.consent.preference.ParentLanguages;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Email plus (16 CFR 312.5(b)(2)(vi)): a single-use code by email, then a delayed second message
 * telling the parent they can revoke. The address is contact data collected only to seek consent.
 */
@ApplicationScoped
public class EmailVerificationService {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ParentContactRepository contacts;
    private final EmailChallengeRepository challenges;
    private final ConsentFormRepository forms;
    private final EmailCodeSentRepository sent;
    private final AddressFingerprints addresses;
    private final ParentDataKeys keys;
    private final VerificationMethods verification;
    private final EmailPlusVerification method;
    private final ParentMail mail;
    private final NoticeMail noticeMail;
    private final ParentLanguages languages;
    private final NoticeService notices;
    private final VerificationSettings settings;
    private final Ledger ledger;
    private final Clock clock;

    EmailVerificationService(ParentContactRepository contacts, EmailChallengeRepository challenges, ConsentFormRepository forms,
                             EmailCodeSentRepository sent, AddressFingerprints addresses, ParentDataKeys keys, VerificationMethods verification,
                             EmailPlusVerification method, ParentMail mail, NoticeMail noticeMail, ParentLanguages languages, NoticeService notices,
                             VerificationSettings settings, Ledger ledger, Clock clock) {
        this.contacts = contacts;
        this.challenges = challenges;
        this.forms = forms;
        this.sent = sent;
        this.addresses = addresses;
        this.keys = keys;
        this.verification = verification;
        this.method = method;
        this.mail = mail;
        this.noticeMail = noticeMail;
        this.languages = languages;
        this.notices = notices;
        this.settings = settings;
        this.ledger = ledger;
        this.clock = clock;
    }

    /**
     * Stores the address and emails a fresh code with the current direct notice (16 CFR 312.4(c), issue 19 item 2), whose
     * version and hash the challenge keeps; a mail failure undoes what was stored. Refused with 429 while the address or
     * the parent is in its cooldown or the parent has had its codes for the window (issue 17 item 3), counted in the
     * database under a lock per address and per parent, so the limits hold across replicas, restarts and simultaneous
     * requests.
     * <p>
     * The mail goes after the rows commit, never inside the transaction (no SMTP while the sender locks are held); the
     * committed send record keeps a second request in its cooldown meanwhile, and the ledger records the send once the
     * mail went. The mail and its notice are in the parent's language (issue 19 item 10): their choice, then
     * {@code acceptLanguage} (the request's header), then English; the challenge records which.
     */
    public EmailChallenge sendCode(UUID parentId, String email, String acceptLanguage) {
        CurrentNotice notice = notices.currentWithContent(languages.of(parentId, acceptLanguage));
        String code = String.format("%08d", RANDOM.nextInt(100_000_000));
        Stored stored = QuarkusTransaction.requiringNew().call(() -> store(parentId, email, code, notice));
        try {
            mail.sendRendered(stored.email(), noticeMail.withCode(code, settings.codeValidity(), notice));
        } catch (ProblemException e) {
            QuarkusTransaction.requiringNew().run(() -> undo(stored));
            throw e;
        }
        EmailChallenge challenge = stored.challenge();
        QuarkusTransaction.requiringNew().run(() -> ledger.append(LedgerType.VERIFICATION_CODE_SENT, null, parentId, Map.of("method",
                method.name(), "challengeId", challenge.id, "noticeVersion", challenge.noticeVersion, "noticeHash", challenge.noticeHash)));
        return challenge;
    }

    private Stored store(UUID parentId, String email, String code, CurrentNotice notice) {
        byte[] address = addresses.of(email);
        sent.lockSender(address, parentId);
        Instant now = clock.instant();
        refuseWithinLimits(parentId, address, now);
        Optional<ParentContact> existing = contacts.findByIdOptional(parentId);
        String previousEmail = existing.map(contact -> contact.email).orElse(null);
        ParentContact contact = existing.orElseGet(() -> {
            ParentContact created = new ParentContact();
            created.parentId = parentId;
            created.createdAt = now;
            return created;
        });
        contact.email = email.trim();
        contacts.persist(contact);
        EmailChallenge challenge = new EmailChallenge();
        challenge.id = UUID.randomUUID();
        challenge.parentId = parentId;
        challenge.codeHash = codeHash(challenge.id, code);
        challenge.createdAt = now;
        challenge.expiresAt = now.plus(settings.codeValidity());
        challenge.noticeVersion = notice.notice().version;
        challenge.noticeHash = notice.hash();
        challenge.noticeLanguage = notice.language().code();
        challenges.persist(challenge);
        EmailCodeSent record = new EmailCodeSent();
        record.id = challenge.id;
        record.parentId = parentId;
        record.addressFingerprint = address;
        record.sentAt = now;
        sent.persist(record);
        return new Stored(challenge, contact.email, previousEmail, address);
    }

    /**
     * After a failed mail: the code and its send record go (so the parent may ask again at once), and the contact is as
     * it was, unless something changed it since.
     */
    private void undo(Stored stored) {
        UUID parentId = stored.challenge().parentId;
        sent.lockSender(stored.address(), parentId);
        challenges.deleteById(stored.challenge().id);
        sent.deleteById(stored.challenge().id);
        contacts.findByIdOptional(parentId).filter(contact -> contact.email.equals(stored.email())).ifPresent(contact -> {
            if (stored.previousEmail() == null) {
                contacts.delete(contact);
            } else {
                contact.email = stored.previousEmail();
            }
        });
    }

    /** What {@link #store} committed: the challenge, the address mailed, the contact's address before (null: no contact). */
    private record Stored(EmailChallenge challenge, String email, String previousEmail, byte[] address) {
    }

    private void refuseWithinLimits(UUID parentId, byte[] address, Instant now) {
        Duration cooldown = settings.codeCooldownPerAddress();
        Optional<Instant> lastToAddress = sent.lastToAddressSince(address, now.minus(cooldown));
        if (lastToAddress.isPresent()) {
            throw tooMany("email-code-cooldown", "A code was sent to this address moments ago; wait before asking again.",
                    lastToAddress.get().plus(cooldown), now);
        }
        Duration window = settings.codesPerParentWindow();
        List<Instant> toParent = sent.sentToParentSince(parentId, now.minus(window));
        if (toParent.size() >= settings.maxCodesPerParent()) {
            throw tooMany("email-code-limit", "At most " + settings.maxCodesPerParent() + " codes per " + window.toMinutes()
                    + " minutes; wait before asking again.", toParent.get(toParent.size() - settings.maxCodesPerParent()).plus(window), now);
        }
        Duration parentCooldown = settings.codeCooldownPerParent();
        Optional<Instant> lastToParent = sent.lastToParentSince(parentId, now.minus(parentCooldown));
        if (lastToParent.isPresent()) {
            throw tooMany("email-code-cooldown", "You were sent a code moments ago; wait before asking again.",
                    lastToParent.get().plus(parentCooldown), now);
        }
    }

    /** 429 with the seconds until the request would pass, which the error mapper also sends as Retry-After. */
    private static ProblemException tooMany(String slug, String detail, Instant passesAt, Instant now) {
        long seconds = Math.max(1, (Duration.between(now, passesAt).toMillis() + 999) / 1000);
        return new ProblemException(429, slug, "Too Many Requests", detail, Map.of(ProblemException.RETRY_AFTER_SECONDS, seconds));
    }

    /** Checks a code once; wrong guesses count even though the request fails. */
    @Transactional(dontRollbackOn = ProblemException.class)
    public ParentVerification confirm(UUID parentId, UUID challengeId, String code) {
        EmailChallenge challenge = challenges.findByIdOptional(challengeId)
                .filter(found -> found.parentId.equals(parentId))
                .orElseThrow(() -> ProblemException.notFound("confirmation code"));
        Instant now = clock.instant();
        if (challenge.usedAt != null) {
            throw ProblemException.conflict("code-already-used", "This code was already used; ask for a new one.");
        }
        if (!now.isBefore(challenge.expiresAt)) {
            throw new ProblemException(410, "code-expired", "Code expired", "This code has expired; ask for a new one.");
        }
        if (challenge.attempts >= settings.maxCodeAttempts()) {
            throw new ProblemException(410, "code-exhausted", "Code exhausted", "Too many wrong codes; ask for a new one.");
        }
        if (!MessageDigest.isEqual(challenge.codeHash.getBytes(StandardCharsets.US_ASCII),
                codeHash(challenge.id, code.trim()).getBytes(StandardCharsets.US_ASCII))) {
            challenge.attempts++;
            throw ProblemException.badRequest("code-invalid", "The code is not correct.");
        }
        challenge.usedAt = now;
        ParentContact contact = contacts.findById(parentId);
        if (contact.verifiedAt == null) {
            contact.verifiedAt = now;
            contact.reminderDueAt = now.plus(settings.reminderDelay());
        }
        if (challenge.noticeVersion == null) {
            return verification.recordPassed(parentId, method);
        }
        return verification.recordPassed(parentId, method, new SentNotice(challenge.noticeVersion, challenge.noticeHash, challenge.noticeLanguage, challenge.createdAt));
    }

    /**
     * Deletes a parent's contact data, codes and signed consent forms, and destroys the parent's data key, so every copy
     * of their forms (replicas, backups, old row versions) is unreadable too (issue 18 item 2); returns how many contact
     * records went. The one place a parent's contact goes: with their last child, as an abandoned sign-up, as an idle parent,
     * when the parent leaves ({@link ParentRecords#forget}).
     */
    @Transactional(TxType.MANDATORY)
    public long forgetContact(UUID parentId) {
        challenges.deleteForParent(parentId);
        forms.lockParentUploads(parentId); // an upload in flight commits first, and its form goes too
        forms.deleteForParent(parentId);
        keys.destroy(parentId);
        return contacts.delete("parentId", parentId);
    }

    private static String codeHash(UUID challengeId, String code) {
        return Hashing.sha256(challengeId + ":" + code);
    }
}
