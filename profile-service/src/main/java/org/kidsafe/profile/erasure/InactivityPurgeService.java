package org.kidsafe.profile.erasure;

import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.kidsafe.commons.retention.RetentionPolicy;
import org.kidsafe.events.jobs.JobLock;
import org.kidsafe.profile.pairing.ToyIdentityWithdrawals;
import org.kidsafe.profile.profile.ChildProfileRepository.Inactive;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Erases profiles with no parent or toy activity for the retention policy's profile-inactivity
 * period (16 CFR 312.10). Each profile is erased in its own transaction; one failure does not stop the
 * others and is retried on the next run. Toy identities are withdrawn after the erasures committed.
 * <p>
 * Replica-safe and bounded (issue 21 item 1: a run took the first 200 profiles whatever the backlog, on every
 * replica): one replica at a time ({@link JobLock}) pages through the whole backlog, {@code kidsafe.jobs.inactivity-purge.batch}
 * profiles a page, past those it could not erase.
 */
@ApplicationScoped
public class InactivityPurgeService {

    static final String JOB = "inactivity-purge";
    private static final Logger LOG = Logger.getLogger(InactivityPurgeService.class);

    private final ErasureService erasure;
    private final ToyIdentityWithdrawals withdrawals;
    private final RetentionPolicy retention;
    private final JobLock jobs;
    private final Clock clock;

    InactivityPurgeService(ErasureService erasure, ToyIdentityWithdrawals withdrawals, RetentionPolicy retention, JobLock jobs, Clock clock) {
        this.erasure = erasure;
        this.withdrawals = withdrawals;
        this.retention = retention;
        this.jobs = jobs;
        this.clock = clock;
    }

    /** Runs one purge pass now; returns how many profiles were erased (0 when another replica is purging). */
    public int purge() {
        Instant cutoff = clock.instant().minus(retention.profileInactivity());
        int expired = jobs.runAlone(JOB, () -> expireAll(cutoff, jobs.batchSize(JOB))).orElse(0);
        if (expired > 0) {
            LOG.infof("Inactivity purge erased %d profiles", expired);
            // The erased toys' identities, recorded by the erasures, go now rather than at the withdrawal job's next run.
            withdrawals.processDue();
        }
        return expired;
    }

    private int expireAll(Instant cutoff, int size) {
        int expired = 0;
        Inactive after = null;
        List<Inactive> page;
        do {
            page = erasure.inactiveChildren(cutoff, after, size);
            for (Inactive profile : page) {
                try {
                    if (erasure.expireInactive(profile.childId(), cutoff)) {
                        expired++;
                    }
                } catch (RuntimeException e) {
                    LOG.warnf("Inactivity purge of child %s failed, retrying next run: %s", profile.childId(), e.getMessage());
                }
                after = profile;
            }
        } while (page.size() == size);
        return expired;
    }
}
