package org.kidsafe.gateway.web;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.kidsafe.gateway.config.GatewaySettings;

import java.util.List;

/**
 * Guards the one setting that would hand rate-limit buckets to the clients: forwarded headers believed with no trusted
 * proxy named. Quarkus reads an empty {@code quarkus.http.proxy.trusted-proxies} as "trust every peer", so any client
 * could then put any address in {@code X-Forwarded-For} and spend a fresh bucket per request (issue 17 item 2;
 * docs/attacks.md, "Proxies and forwarded headers"). The gateway refuses to start rather than run that way.
 */
@ApplicationScoped
class TrustedProxies {

    private final GatewaySettings.Forwarding forwarding;

    TrustedProxies(GatewaySettings settings) {
        this.forwarding = settings.forwarding();
    }

    void check(@Observes StartupEvent started) {
        requireNamedProxies(forwarding.enabled(), forwarding.trustedProxies().orElse(List.of()));
    }

    static void requireNamedProxies(boolean enabled, List<String> trustedProxies) {
        if (enabled && trustedProxies.stream().allMatch(String::isBlank)) {
            throw new IllegalStateException("kidsafe.gateway.forwarding.enabled (KIDSAFE_GATEWAY_FORWARDING) needs "
                    + "kidsafe.gateway.forwarding.trusted-proxies (KIDSAFE_GATEWAY_TRUSTED_PROXIES): with no trusted proxy "
                    + "named, every client could choose its own rate-limit bucket with X-Forwarded-For");
        }
    }
}
