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
 * A real SMTP server (GreenMail) for email plus, signing keys standing in for profile-service and media-service, whose
 * public halves (current and retired, {@code <service>.retired/}) consent-service is configured to trust, and
 * consent-service's own key in files, read again at every use, so a test can rotate it under the running service.
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
        for (String service : new String[] {"consent-service", "profile-service", "media-service", "impostor"}) {
            SigningKeys.write(SigningKeys.generate(), KEYS, service);
        }
        return Map.of(
                "kidsafe.signing.private-key-file", KEYS.resolve("consent-service.key").toString(),
                "kidsafe.signing.retired-keys-directory", retired("consent-service").toString(),
                "kidsafe.signing.reload-every", "PT0S",
                "quarkus.mailer.host", "127.0.0.1",
                "quarkus.mailer.port", Integer.toString(smtp().getSmtp().getPort()),
                "quarkus.mailer.start-tls", "DISABLED",
                "kidsafe.erasure.trusted-keys.\"profile-service\"", trusted("profile-service"),
                "kidsafe.erasure.trusted-keys.\"media-service\"", trusted("media-service"));
    }

    /** Where the service's retired public keys are kept. */
    public static Path retired(String service) {
        return KEYS.resolve(service + ".retired");
    }

    private static String trusted(String service) {
        return KEYS.resolve(service + ".pub") + "," + retired(service);
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
