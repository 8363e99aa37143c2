package org.kidsafe.gateway.web;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Forwarded headers are never believed from every peer (issue 17 item 2). */
class TrustedProxiesTest {

    @Test
    void forwardingWithoutANamedProxyRefusesToStart() {
        assertThrows(IllegalStateException.class, () -> TrustedProxies.requireNamedProxies(true, List.of()));
        assertThrows(IllegalStateException.class, () -> TrustedProxies.requireNamedProxies(true, List.of(" ")));
    }

    @Test
    void forwardingWithNamedProxiesOrNoForwardingStarts() {
        assertDoesNotThrow(() -> TrustedProxies.requireNamedProxies(true, List.of("10.0.0.0/8")));
        assertDoesNotThrow(() -> TrustedProxies.requireNamedProxies(false, List.of()));
    }
}
