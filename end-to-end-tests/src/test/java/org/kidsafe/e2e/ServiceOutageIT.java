package org.kidsafe.e2e;

import org.kidsafe.api.client.model.MediaPage;
import org.kidsafe.launcher.client.Answer;
import java.util.List;
import static org.junit.jupiter.api.Assertions.assertFalse;
import org.junit.jupiter.api.Test;
import org.kidsafe.launcher.client.ParentJourney;
import org.kidsafe.launcher.Platform;
import org.kidsafe.launcher.ServiceProcess;

import java.time.Duration;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A service that is down costs only its own routes: 503 problem+json there, the rest keeps working. */
class ServiceOutageIT {

    @Test
    void mediaDownGives503ForMediaRoutesOnly() {
        ParentJourney journey = Accounts.journey();
        String alice = Accounts.alice();
        UUID child = journey.registerChild(alice);
        ServiceProcess media = RunningPlatform.get().service(Platform.MEDIA);

        media.kill();
        try {
            Answer<MediaPage> down = journey.media(alice, child);
            assertEquals(503, down.status(), String.valueOf(down.problem()));
            assertTrue(down.header("Content-Type").startsWith("application/problem+json"), down.header("Content-Type"));

            assertEquals(200, journey.children(alice).status(), "consent routes keep working");
            assertFalse(journey.suggestDisplayNames(alice).isEmpty(), "profile routes keep working");
        } finally {
            media.start();
            media.awaitReady(Duration.ofMinutes(2));
        }
        Answer<MediaPage> back = journey.media(alice, child);
        assertTrue(back.status() != 503, "media routes recover: " + back.status());
    }
}
