package org.kidsafe.consent.verification;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How parents are verified (16 CFR 312.5(b)). */
@ConfigMapping(prefix = "kidsafe.verification")
public interface VerificationSettings {

    /** How long an emailed confirmation code can be used. */
    @WithDefault("PT15M")
    Duration codeValidity();

    /** Wrong guesses allowed per code before it is dead. */
    @WithDefault("5")
    int maxCodeAttempts();

    /** Email plus: the delayed second message reminding the parent they can revoke. */
    @WithDefault("PT24H")
    Duration reminderDelay();

    /** Largest signed consent form accepted. */
    @WithDefault("4194304")
    int maxFormBytes();

    /**
     * At most this many forms of one parent wait for review at once (issue 18 item 2): each holds a signature and often
     * a photo, so a parent (or a stolen token) cannot pile them up; a further upload answers 409 too-many-pending-forms.
     */
    @WithDefault("3")
    int maxPendingForms();

    /**
     * A form nobody decided within this period is deleted and its parent told by email (issue 18 item 2): the form was
     * collected only to verify the parent, so it is not kept once that purpose is stale.
     */
    @WithDefault("P30D")
    Duration formExpiry();

    /** Decompression-bomb guard for a form's photo (a JPEG or PNG upload, or a photo inside a PDF), as for media uploads. */
    @WithDefault("40000000")
    long maxFormImagePixels();

    /**
     * Issue 17 item 3: after a code went to an address, no other code goes to that address (whoever asks) for this long,
     * so nobody can flood someone's mailbox with codes; a request within it answers 429 email-code-cooldown with
     * Retry-After.
     */
    @WithDefault("PT60S")
    Duration codeCooldownPerAddress();

    /**
     * Issue 17 item 3: after a parent had a code mailed, that parent gets no other code (to any address) for this long, so
     * nobody can spray codes at many addresses at once; a request within it answers 429 email-code-cooldown with Retry-After.
     */
    @WithDefault("PT60S")
    Duration codeCooldownPerParent();

    /** Issue 17 item 3: at most this many codes per parent within {@link #codesPerParentWindow}; more answer 429 email-code-limit. */
    @WithDefault("5")
    int maxCodesPerParent();

    /** The window {@link #maxCodesPerParent} counts in. */
    @WithDefault("PT1H")
    Duration codesPerParentWindow();
}
