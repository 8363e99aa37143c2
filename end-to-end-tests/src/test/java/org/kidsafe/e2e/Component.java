package org.kidsafe.e2e;

import org.kidsafe.embedded.keycloak.KidSafeRealm;
import org.kidsafe.launcher.Platform;

import java.util.List;

/**
 * One component a token may be presented at: the gateway or a service on its own port, a parent-only endpoint of
 * it, and the one audience it accepts (issue 16 item 4). Shared by the tests that present tokens where they do not
 * belong.
 *
 * @param name     {@value Platform#GATEWAY} or the service's name
 * @param baseUrl  where it is called: the gateway's API or the service's own port
 * @param path     a parent-only endpoint below {@code baseUrl}
 * @param audience the token audience it accepts
 */
record Component(String name, String baseUrl, String path, String audience) {

    /** The gateway, then consent, profile and media on their own ports. */
    static List<Component> all() {
        Platform platform = RunningPlatform.get();
        return List.of(
                new Component(Platform.GATEWAY, platform.gatewayUrl() + "/api", "/v1/children", KidSafeRealm.GATEWAY),
                new Component(Platform.CONSENT, platform.service(Platform.CONSENT).baseUrl(), "/v1/children", KidSafeRealm.CONSENT),
                new Component(Platform.PROFILE, platform.service(Platform.PROFILE).baseUrl(), "/v1/display-names/suggestions",
                        KidSafeRealm.PROFILE),
                new Component(Platform.MEDIA, platform.service(Platform.MEDIA).baseUrl(), "/v1/chat/inbox", KidSafeRealm.MEDIA));
    }

    static Component named(String name) {
        return all().stream().filter(component -> component.name.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No component " + name));
    }
}
