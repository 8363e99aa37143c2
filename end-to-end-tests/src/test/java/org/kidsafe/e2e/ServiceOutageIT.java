package org.kidsafe.e2e;

import org.junit.jupiter.api.Test;
import org.kidsafe.launcher.client.ApiResponse;
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
            ApiResponse down = journey.api().get("/v1/children/" + child + "/media", alice);
            assertEquals(503, down.status(), down.text());
            assertTrue(down.isProblem(), down.contentType());

            assertEquals(200, journey.api().get("/v1/children", alice).status(), "consent routes keep working");
            assertEquals(200, journey.api().get("/v1/display-names/suggestions", alice).status(), "profile routes keep working");
        } finally {
            media.start();
            media.awaitReady(Duration.ofMinutes(2));
        }
        ApiResponse back = journey.api().get("/v1/children/" + child + "/media", alice);
        assertTrue(back.status() != 503, "media routes recover: " + back.status());
    }
}
