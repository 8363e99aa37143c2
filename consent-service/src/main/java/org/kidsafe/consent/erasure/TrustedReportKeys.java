package org.kidsafe.consent.erasure;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.kidsafe.crypto.signing.Es256Jws;
import org.kidsafe.crypto.signing.VerificationKeys;
import org.kidsafe.events.PoisonEventException;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The public keys erasure reports must be signed with: per participating service, its current key and its retired
 * ones (issue 18 item 4), read from PEM files at startup and again when a report names a key id not yet known, so a
 * participant that rotated its key is trusted as soon as its new public key is in place, without a restart.
 */
@ApplicationScoped
public class TrustedReportKeys {

    private static final Logger LOG = Logger.getLogger(TrustedReportKeys.class);

    private final Map<String, List<Path>> sources;
    private final Map<String, VerificationKeys> keys = new ConcurrentHashMap<>();

    TrustedReportKeys(ErasureSettings settings) {
        this.sources = settings.trustedKeys();
        sources.forEach((service, files) -> keys.put(service, VerificationKeys.load(service, files)));
        settings.participants().stream().filter(service -> !keys.containsKey(service) || keys.get(service).isEmpty())
                .forEach(service -> LOG.warnf("No kidsafe.erasure.trusted-keys.\"%s\": its erasure reports cannot be verified", service));
    }

    /** The report's verified claims; anything not signed by one of the service's trusted keys is a poison event. */
    public JsonNode verify(String service, String signedReport) {
        if (!sources.containsKey(service)) {
            throw new PoisonEventException("No trusted key for " + service);
        }
        try {
            return keysNaming(service, Es256Jws.keyId(signedReport)).verify(signedReport);
        } catch (Es256Jws.InvalidSignatureException e) {
            throw new PoisonEventException("Erasure report of " + service + " fails verification: " + e.getMessage());
        }
    }

    /** The service's keys, read again from its files if none has this id (the participant rotated since). */
    private VerificationKeys keysNaming(String service, String keyId) {
        VerificationKeys known = keys.get(service);
        if (keyId == null || known.forKeyId(keyId).isPresent()) {
            return known;
        }
        VerificationKeys fresh = VerificationKeys.load(service, sources.get(service));
        keys.put(service, fresh);
        return fresh;
    }
}
