package org.kidsafe.consent.erasure;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Period;
import java.util.List;
import java.util.Map;

/** The erasure saga: who must answer, how soon, and whose signatures are trusted. */
@ConfigMapping(prefix = "kidsafe.erasure")
public interface ErasureSettings {

    /** Services that must report before a receipt is issued. */
    @WithDefault("profile-service,media-service")
    List<String> participants();

    /** A participant silent for this long is asked again and flagged. */
    @WithDefault("PT2M")
    Duration deadline();

    /**
     * Per service name, where the public keys its erasure reports verify with are: its current key's PEM file and the
     * directory of its retired keys ({@code <key id>.pub} each), comma-separated. A report signed just before the
     * participant rotated its key verifies under the retired key (issue 18 item 4).
     */
    Map<String, List<Path>> trustedKeys();

    /**
     * A completed saga, with its answers and signed receipt, is kept this long after its completion, as the ledger that
     * records it ({@code kidsafe.ledger.keep-for}), then deleted by {@link ErasureRecordPurge} (16 CFR 312.10: nothing
     * is kept forever). The erasure replay after a restore reaches back this far.
     */
    @WithDefault("P3Y")
    Period keepFor();
}
