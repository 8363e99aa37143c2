package org.kidsafe.profile.erasure;

import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.kidsafe.commons.retention.RetentionPolicy;
import org.kidsafe.profile.pairing.ToyIdentityWithdrawals;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Erases profiles with no parent or toy activity for the retention policy's profile-inactivity
 * period (16 CFR 312.10). Each profile is erased in its own transaction; one failure does not stop the
 * others and is retried on the next run. Toy identities are withdrawn after the erasures committed.
 */
@ApplicationScoped
public class InactivityPurgeService {

    private static final Logger LOG = Logger.getLogger(InactivityPurgeService.class);
    static final int BATCH = 200;

    private final ErasureService erasure;
    private final ToyIdentityWithdrawals withdrawals;
    private final RetentionPolicy retention;
    private final Clock clock;

    InactivityPurgeService(ErasureService erasure, ToyIdentityWithdrawals withdrawals, RetentionPolicy retention, Clock clock) {
        this.erasure = erasure;
        this.withdrawals = withdrawals;
        this.retention = retention;
        this.clock = clock;
    }

    /** Runs one purge pass now; returns how many profiles were erased. */
    public int purge() {
        Instant cutoff = clock.instant().minus(retention.profileInactivity());
        int expired = 0;
        for (UUID childId : erasure.inactiveChildren(cutoff, BATCH)) {
            try {
                if (erasure.expireInactive(childId, cutoff)) {
                    expired++;
                }
            } catch (RuntimeException e) {
                LOG.warnf("Inactivity purge of child %s failed, retrying next run: %s", childId, e.getMessage());
            }
        }
        if (expired > 0) {
            LOG.infof("Inactivity purge erased %d profiles", expired);
            // The erased toys' identities, recorded by the erasures, go now rather than at the withdrawal job's next run.
            withdrawals.processDue();
        }
        return expired;
    }
}
