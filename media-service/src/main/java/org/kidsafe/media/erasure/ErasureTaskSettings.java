package org.kidsafe.media.erasure;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Period;

/**
 * How long media-service keeps the record of an erasure it carried out (issue 18: nothing is kept forever). The same key
 * as consent-service's erasure requests, whose period it follows: one setting, {@code KIDSAFE_ERASURE_KEEP_FOR}.
 */
@ConfigMapping(prefix = "kidsafe.erasure")
public interface ErasureTaskSettings {

    /** A completed erasure's {@code erasure_job} row (ids, categories, counts, times) is deleted this long after completion. */
    @WithDefault("P3Y")
    Period keepFor();
}
