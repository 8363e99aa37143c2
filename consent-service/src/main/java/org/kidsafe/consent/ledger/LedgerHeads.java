package org.kidsafe.consent.ledger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;
import org.kidsafe.commons.problem.ProblemException;
import org.kidsafe.events.jobs.JobLock;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Signed chain heads (issue 18 item 3): on a schedule ({@link LedgerHeadJob}) the chain is verified from the last
 * checkpoint and, when intact, its last linked entry ({@link LedgerChain}) is signed with the service's key and stored
 * as the new head and checkpoint. A chain that does not verify is never signed: the break is logged (ids only) and stays visible at
 * {@code GET /v1/ledger/verification}.
 */
@ApplicationScoped
public class LedgerHeads {

    private static final Logger LOG = Logger.getLogger(LedgerHeads.class);
    static final String JOB = "ledger-head";

    private final Ledger ledger;
    private final LedgerHeadRepository heads;
    private final JobLock jobs;
    private final LedgerHeadSignatures signatures;
    private final Clock clock;

    LedgerHeads(Ledger ledger, LedgerHeadRepository heads, JobLock jobs, LedgerHeadSignatures signatures, Clock clock) {
        this.ledger = ledger;
        this.heads = heads;
        this.jobs = jobs;
        this.signatures = signatures;
        this.clock = clock;
    }

    /**
     * Verifies the chain and signs its last linked entry as the new head, unless no entry was linked since the last head.
     * One replica at a time ({@link JobLock}, job {@value #JOB}): another one skips its run.
     *
     * @return the head signed now, if any
     */
    public Optional<LedgerHead> signVerifiedHead() {
        return jobs.runAlone(JOB, this::signAlone).flatMap(signed -> signed);
    }

    private Optional<LedgerHead> signAlone() {
        Ledger.Verification verification = ledger.verify(List.of());
        if (!verification.intact()) {
            LOG.errorf("Ledger not signed: entry %d does not verify (%s)", verification.firstBrokenSeq(), verification.reason());
            return Optional.empty();
        }
        if (verification.lastSeq() == null) {
            return Optional.empty();
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            if (heads.latest().map(head -> head.seq >= verification.lastSeq()).orElse(false)) {
                return Optional.<LedgerHead>empty();
            }
            LedgerHead head = signatures.sign(verification.lastSeq(), verification.lastHash(),
                    clock.instant().truncatedTo(ChronoUnit.MICROS));
            heads.persist(head);
            return Optional.of(head);
        });
    }

    /** The latest signed head, as published. */
    @Transactional
    public LedgerHeadView latest() {
        return heads.latest().map(LedgerHeadView::of)
                .orElseThrow(() -> new ProblemException(404, "ledger-head-not-signed", "No ledger head signed yet",
                        "The first head is signed by the next run of the ledger head job"));
    }
}
