package org.kidsafe.consent.erasure;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
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

    /** Per service name, the path of the PEM public key its erasure reports must verify with. */
    Map<String, String> trustedKeys();
}
