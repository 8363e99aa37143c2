package org.kidsafe.consent.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.kidsafe.crypto.signing.Es256Jws;
import org.kidsafe.crypto.signing.ServiceSigningKey;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Signs ledger heads with the service's own key, the one receipts are signed with, and verifies them under its current
 * or retired keys, so a head signed before a key rotation still verifies (the JWKS at {@code GET /v1/keys} publishes
 * them all).
 */
@ApplicationScoped
public class LedgerHeadSignatures {

    private final ServiceSigningKey signingKey;
    private final String service;

    LedgerHeadSignatures(ServiceSigningKey signingKey, @ConfigProperty(name = "quarkus.application.name") String service) {
        this.signingKey = signingKey;
        this.service = service;
    }

    /** A head of this service's chain, signed now with its current key. */
    LedgerHead sign(long seq, String hash, Instant signedAt) {
        LedgerHead head = new LedgerHead();
        head.seq = seq;
        head.hash = hash;
        head.signedAt = signedAt;
        head.keyId = signingKey.keyId();
        head.jws = signingKey.sign(new LedgerHeadClaims(service, seq, hash, signedAt));
        return head;
    }

    /** The claims of a head this service signed; anything else is refused. */
    LedgerHeadClaims verified(String jws) {
        JsonNode claims;
        try {
            claims = signingKey.verify(jws);
        } catch (Es256Jws.InvalidSignatureException | IllegalArgumentException e) {
            throw new LedgerHeadRefusedException(e.getMessage());
        }
        if (!service.equals(claims.path("iss").asText()) || !claims.path("seq").canConvertToLong()
                || !claims.path("hash").isTextual()) {
            throw new LedgerHeadRefusedException("not a ledger head of " + service);
        }
        try {
            return new LedgerHeadClaims(service, claims.path("seq").asLong(), claims.path("hash").asText(),
                    Instant.parse(claims.path("signedAt").asText()));
        } catch (DateTimeParseException e) {
            throw new LedgerHeadRefusedException("a ledger head states when it was signed");
        }
    }
}
