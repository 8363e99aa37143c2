package org.kidsafe.consent;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.kidsafe.crypto.signing.SigningKeys;
import org.kidsafe.embedded.FreePorts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real SMTP server (GreenMail) for email plus, and signing keys standing in for profile-service
 * and media-service, whose public halves consent-service is configured to trust.
 */
public class MailAndKeysTestResource implements QuarkusTestResourceLifecycleManager {

    public static final Path KEYS = createKeyDirectory();
    private static GreenMail smtp;

    public static synchronized GreenMail smtp() {
        if (smtp == null) {
            smtp = new GreenMail(new ServerSetup(FreePorts.find(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            smtp.start();
        }
        return smtp;
    }

    @Override
    public Map<String, String> start() {
        for (String service : new String[] {"profile-service", "media-service", "impostor"}) {
            SigningKeys.write(SigningKeys.generate(), KEYS, service);
        }
        return Map.of(
                "quarkus.mailer.host", "127.0.0.1",
                "quarkus.mailer.port", Integer.toString(smtp().getSmtp().getPort()),
                "quarkus.mailer.start-tls", "DISABLED",
                "kidsafe.erasure.trusted-keys.\"profile-service\"", KEYS.resolve("profile-service.pub").toString(),
                "kidsafe.erasure.trusted-keys.\"media-service\"", KEYS.resolve("media-service.pub").toString());
    }

    @Override
    public void stop() {
        // GreenMail and the keys live as long as the test JVM.
    }

    private static Path createKeyDirectory() {
        try {
            return Files.createTempDirectory("kidsafe-consent-test-keys");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
