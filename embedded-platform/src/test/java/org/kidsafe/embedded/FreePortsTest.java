package org.kidsafe.embedded;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

class FreePortsTest {

    /**
     * A port from the ephemeral range can be taken by any outgoing connection before its server binds it (media-service
     * once failed to start in the end-to-end platform with "port in use"), so ports come from below that range, once each.
     */
    @Test
    void portsComeFromBelowTheEphemeralRangeAndAreNeverHandedOutTwice() {
        int ephemeralStart = FreePorts.ephemeralStart();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            int port = FreePorts.find();
            assertTrue(port >= FreePorts.LOWEST && port < ephemeralStart,
                    () -> port + " is not below the ephemeral range, which starts at " + ephemeralStart);
            assertTrue(seen.add(port), () -> port + " was handed out twice");
        }
    }
}
