package org.kidsafe.consent.erasure;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.kidsafe.events.PoisonEventException;
import org.kidsafe.crypto.signing.Es256Jws;
import org.kidsafe.crypto.signing.SigningKeys;

import java.nio.file.Path;
import java.security.PublicKey;
import java.util.HashMap;
import java.util.Map;

/** The public keys erasure reports must be signed with, one per participating service, read from PEM files at startup. */
@ApplicationScoped
public class TrustedReportKeys {

    private static final Logger LOG = Logger.getLogger(TrustedReportKeys.class);

    private final Map<String, PublicKey> keys = new HashMap<>();

    TrustedReportKeys(ErasureSettings settings) {
        settings.trustedKeys().forEach((service, file) -> keys.put(service, SigningKeys.readPublic(Path.of(file))));
        settings.participants().stream().filter(service -> !keys.containsKey(service)).forEach(service ->
                LOG.warnf("No kidsafe.erasure.trusted-keys.\"%s\": its erasure reports cannot be verified", service));
    }

    /** The report's verified claims; anything not signed by the service's trusted key is a poison event. */
    public JsonNode verify(String service, String signedReport) {
        PublicKey key = keys.get(service);
        if (key == null) {
            throw new PoisonEventException("No trusted key for " + service);
        }
        try {
            if (!service.equals(Es256Jws.keyId(signedReport))) {
                throw new PoisonEventException("Erasure report of " + service + " names another signer");
            }
            return Es256Jws.verify(signedReport, key);
        } catch (Es256Jws.InvalidSignatureException e) {
            throw new PoisonEventException("Erasure report of " + service + " fails verification: " + e.getMessage());
        }
    }
}
