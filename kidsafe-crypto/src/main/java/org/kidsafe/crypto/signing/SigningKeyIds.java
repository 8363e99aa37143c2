package org.kidsafe.crypto.signing;

import org.kidsafe.crypto.jwk.EcJwk;

import java.security.PublicKey;

/**
 * The key id (JWS {@code kid}) of one version of a service's signing key: {@code <service>.<RFC 7638 thumbprint>}.
 *
 * <p>Why a thumbprint and not a date or a counter (issue 18 item 4): it is a function of the public key alone, so the
 * service, the launcher, the chart's operator and any outside verifier compute the same id from the same key without
 * storing one; two key versions can never share an id; a copied or restored key file keeps its id; and a verifier
 * can check that a published JWK really is the key its id names. The service prefix keeps ids readable in logs and
 * says whose key set to look in. Every character is one Kubernetes allows in a ConfigMap key, so a retired key's file
 * can be named by its id ({@link VerificationKeys}).
 *
 * <p>The previous release signed everything with the bare service name as its key id; {@link #legacy} names that
 * alias, which a key keeps only while receipts signed under it must verify.
 */
public final class SigningKeyIds {

    private SigningKeyIds() {
    }

    public static String of(String service, PublicKey key) {
        return service + "." + EcJwk.thumbprint(key);
    }

    /** The key id every report and receipt carried before key versions: the service's name. */
    public static String legacy(String service) {
        return service;
    }
}
