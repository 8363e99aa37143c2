package org.kidsafe.consent.household;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.kidsafe.commons.access.ChildAccess;
import org.kidsafe.commons.problem.ProblemException;
import org.kidsafe.consent.account.ParentAccountLock;
import org.kidsafe.consent.child.Child;
import org.kidsafe.consent.child.ChildGuardians;
import org.kidsafe.consent.child.ChildRepository;
import org.kidsafe.consent.hashing.Hashing;
import org.kidsafe.consent.ledger.Ledger;
import org.kidsafe.consent.ledger.LedgerType;
import org.kidsafe.consent.preference.ParentLanguages;
import org.kidsafe.consent.verification.NoticeMail;
import org.kidsafe.consent.verification.ParentMail;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Households (issue 19 item 4): a guardian invites another parent by email, who accepts by signing in with their own
 * account; any guardian sees the household, cancels invitations and removes a guardian (themselves included, never the
 * last). An invitation's token is random, stored only as its SHA-256, expires ({@code kidsafe.households.invitation-validity})
 * and is used once; it is bound to nothing else, so whoever signs in as a parent with it becomes a guardian, unless
 * they already are one. Every step is in the ledger with the acting parent's id; the mail goes outside any transaction.
 */
@ApplicationScoped
public class HouseholdService {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ChildRepository children;
    private final ChildGuardians guardians;
    private final GuardianInvitationRepository invitations;
    private final ChildAccess access;
    private final ParentAccountLock parentLock;
    private final NoticeMail mails;
    private final ParentMail mail;
    private final ParentLanguages languages;
    private final Ledger ledger;
    private final HouseholdSettings settings;
    private final String privacyCenterUrl;
    private final Clock clock;

    /** @param privacyCenterUrl {@code kidsafe.consent.privacy-center-url}: the page whose fragment carries the token */
    HouseholdService(ChildRepository children, ChildGuardians guardians, GuardianInvitationRepository invitations, ChildAccess access,
                     ParentAccountLock parentLock, NoticeMail mails, ParentMail mail, ParentLanguages languages, Ledger ledger,
                     HouseholdSettings settings,
                     @ConfigProperty(name = "kidsafe.consent.privacy-center-url", defaultValue = "https://kidsafe.invalid/privacy-center/")
                     String privacyCenterUrl,
                     Clock clock) {
        this.children = children;
        this.guardians = guardians;
        this.invitations = invitations;
        this.access = access;
        this.parentLock = parentLock;
        this.mails = mails;
        this.mail = mail;
        this.languages = languages;
        this.ledger = ledger;
        this.settings = settings;
        this.privacyCenterUrl = privacyCenterUrl;
        this.clock = clock;
    }

    /** The child's guardians, earliest first, and its open invitations; a stranger gets the unknown child's 404. */
    @Transactional
    public HouseholdView household(UUID parentId, UUID childId) {
        access.requireGuardian(parentId, childId);
        Instant now = clock.instant();
        return new HouseholdView(childId,
                guardians.listOf(childId).stream()
                        .map(guardian -> new HouseholdView.Guardian(guardian.parentId, guardian.addedAt, guardian.parentId.equals(parentId)))
                        .toList(),
                invitations.pendingForChild(childId, now).stream()
                        .map(invitation -> new HouseholdView.PendingInvitation(invitation.id, invitation.emailHint, invitation.expiresAt))
                        .toList());
    }

    /**
     * Stores the invitation, mails its link, then records it in the ledger; when the mail fails the invitation is deleted
     * again and the caller gets 503 {@code mail-unavailable}. The mail is in the inviting parent's language (their
     * choice, then their request's {@code Accept-Language}; issue 19 item 10): the invitee has none yet.
     */
    public InvitationView invite(UUID parentId, UUID childId, String email, String acceptLanguage) {
        String token = newToken();
        GuardianInvitation invitation = QuarkusTransaction.requiringNew().call(() -> store(parentId, childId, email, token));
        try {
            mail.sendRendered(email.trim(), mails.guardianInvitation(languages.of(parentId, acceptLanguage), privacyCenterUrl + "#invitation=" + token, invitation.expiresAt));
        } catch (ProblemException e) {
            QuarkusTransaction.requiringNew().run(() -> invitations.deleteById(invitation.id));
            throw e;
        }
        QuarkusTransaction.requiringNew().run(() ->
                ledger.append(LedgerType.GUARDIAN_INVITED, childId, parentId, Map.of("invitationId", invitation.id.toString())));
        return new InvitationView(invitation.id, childId, invitation.expiresAt);
    }

    private GuardianInvitation store(UUID parentId, UUID childId, String email, String token) {
        access.requireGuardian(parentId, childId);
        children.findForUpdate(childId); // the child's invitations are counted one at a time
        Instant now = clock.instant();
        if (invitations.countPendingForChild(childId, now) >= settings.maxPendingInvitations()) {
            throw ProblemException.conflict("too-many-invitations", "At most " + settings.maxPendingInvitations()
                    + " invitations of a child can be open at once; cancel one first.");
        }
        GuardianInvitation invitation = new GuardianInvitation();
        invitation.id = UUID.randomUUID();
        invitation.childId = childId;
        invitation.invitedBy = parentId;
        invitation.emailHint = hint(email.trim());
        invitation.tokenHash = Hashing.sha256(token);
        invitation.createdAt = now;
        invitation.expiresAt = now.plus(settings.invitationValidity());
        invitations.persist(invitation);
        return invitation;
    }

    /** Cancels an open invitation of the child: its link stops working at once. */
    @Transactional
    public void cancel(UUID parentId, UUID childId, UUID invitationId) {
        access.requireGuardian(parentId, childId);
        GuardianInvitation invitation = invitations.findForChild(childId, invitationId)
                .orElseThrow(() -> ProblemException.notFound("invitation"));
        invitations.delete(invitation);
        ledger.append(LedgerType.GUARDIAN_INVITATION_CANCELLED, childId, parentId, Map.of("invitationId", invitationId.toString()));
    }

    /**
     * The signed-in parent accepts with the token and becomes a guardian of the child: 404 {@code invitation} for a token
     * unknown, used, cancelled or expired; 409 {@code already-guardian} when they are one (the invitation stays open);
     * 409 {@code leaving} while they leave KidSafe (under their lock, like a registration: a leaving would miss the child).
     */
    @Transactional
    public AcceptedInvitationView accept(UUID parentId, String token) {
        parentLock.shared(parentId);
        if (children.isLeaving(parentId)) {
            throw new ProblemException(409, "leaving", "Leaving KidSafe",
                    "You asked to leave KidSafe: you cannot become a child's guardian while your leaving completes.");
        }
        GuardianInvitation invitation = invitations.findValidForUpdate(Hashing.sha256(token), clock.instant())
                .orElseThrow(() -> ProblemException.notFound("invitation"));
        Child child = children.findForUpdate(invitation.childId).orElseThrow(() -> ProblemException.notFound("invitation"));
        if (guardians.guardiansOf(child.id).contains(parentId)) {
            throw ProblemException.conflict("already-guardian", "You are already a guardian of this child.");
        }
        invitations.delete(invitation);
        guardians.add(child, parentId);
        ledger.append(LedgerType.GUARDIAN_ADDED, child.id, parentId,
                Map.of("invitationId", invitation.id.toString(), "invitedBy", invitation.invitedBy.toString()));
        return new AcceptedInvitationView(child.id);
    }

    /** A guardian removes a guardian, or themselves ({@link ChildGuardians#remove}: never the last one). */
    @Transactional
    public void removeGuardian(UUID actorId, UUID childId, UUID parentId) {
        guardians.remove(actorId, childId, parentId, actorId.equals(parentId) ? "left-household" : "removed");
    }

    /** The address as the household shows it: its first character, then {@code ***}, then the domain. */
    static String hint(String email) {
        int at = email.lastIndexOf('@');
        return email.charAt(0) + "***" + email.substring(at).toLowerCase(Locale.ROOT);
    }

    private static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
