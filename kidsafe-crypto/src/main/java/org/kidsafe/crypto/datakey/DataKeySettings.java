package org.kidsafe.crypto.datakey;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The data-key table's upkeep ({@link DataKeyTableRewrite}). */
@ConfigMapping(prefix = "kidsafe.data-key")
public interface DataKeySettings {

    /**
     * How long an erased subject's tombstone is kept (issue 18: nothing is kept forever). It refuses a key to a write
     * racing the erasure; once no event about the subject can still be delivered (the topic retention, the services'
     * {@code kidsafe.inbox.keep-for}, which this must not undercut) no such write can arrive, and the tombstone goes
     * with the next rewrite.
     */
    @WithDefault("P14D")
    Duration tombstonesKeepFor();
}
