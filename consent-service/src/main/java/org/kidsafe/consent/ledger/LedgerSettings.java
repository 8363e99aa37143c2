package org.kidsafe.consent.ledger;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Period;

/** How long the audit ledger is kept (issue 18 item 3: nothing is kept forever, the ledger included). */
@ConfigMapping(prefix = "kidsafe.ledger")
public interface LedgerSettings {

    /**
     * Entries older than this are removed by the owner's prune ({@link LedgerPrune}), below the newest signed head that
     * is itself older than this, so the chain stays verifiable from that head.
     */
    @WithDefault("P3Y")
    Period keepFor();
}
