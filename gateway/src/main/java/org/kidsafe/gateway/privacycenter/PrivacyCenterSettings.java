package org.kidsafe.gateway.privacycenter;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;

/** How the parents' privacy center (static pages under /privacy-center/) signs parents in. */
@ConfigMapping(prefix = "kidsafe.privacy-center")
public interface PrivacyCenterSettings {

    /** The kidsafe realm as the parent's browser reaches it (the public issuer URL). */
    URI issuer();

    /** The public client the page signs in with: authorization code flow with PKCE S256. */
    @WithDefault("kidsafe-parent-app")
    String clientId();
}
