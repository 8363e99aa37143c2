package org.kidsafe.crypto.signing;

import com.fasterxml.jackson.databind.JsonNode;
import org.kidsafe.crypto.jwk.EcJwk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Every public key one signer's JWSs may verify under, by key id: its current key and the keys it signed with before
 * a rotation (retired, kept for a configured period), so a receipt or report signed before a rotation still verifies
 * after it (issue 18 item 4). The same shape serves a service publishing its own keys (the JWKS) and consent-service
 * trusting a participant's.
 *
 * <p>Where keys come from: a {@code .pub} file given directly takes its computed id ({@link SigningKeyIds#of}); in a
 * directory of retired keys every {@code <key id>.pub} is one key named by its file, and the name must be the key's
 * computed id or the signer's {@linkplain SigningKeyIds#legacy legacy id} (the previous release's key, kept under the
 * id its receipts carry). Anything else is refused at load, so a misfiled key cannot pose as another.
 */
public final class VerificationKeys {

    private static final String PUBLIC_SUFFIX = ".pub";

    private final String signer;
    private final Map<String, PublicKey> byKeyId;

    private VerificationKeys(String signer, Map<String, PublicKey> byKeyId) {
        this.signer = signer;
        this.byKeyId = Collections.unmodifiableMap(byKeyId);
    }

    /**
     * Loads {@code signer}'s keys from PEM files and directories of retired keys, in order (the first key listed
     * comes first in the JWKS). A directory that does not exist holds no keys.
     */
    public static VerificationKeys load(String signer, List<Path> filesOrDirectories) {
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        for (Path source : filesOrDirectories) {
            if (Files.isDirectory(source)) {
                retiredKeys(source).forEach(file -> keys.putIfAbsent(namedKeyId(signer, file), SigningKeys.readPublic(file)));
            } else if (Files.exists(source)) {
                PublicKey key = SigningKeys.readPublic(source);
                keys.putIfAbsent(SigningKeyIds.of(signer, key), key);
            }
        }
        return new VerificationKeys(signer, keys);
    }

    /** The current key alone plus whatever {@code others} holds (e.g. a throw-away key in dev and tests). */
    static VerificationKeys of(String signer, PublicKey current, VerificationKeys others) {
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        keys.put(SigningKeyIds.of(signer, current), current);
        others.byKeyId.forEach(keys::putIfAbsent);
        return new VerificationKeys(signer, keys);
    }

    public String signer() {
        return signer;
    }

    public Optional<PublicKey> forKeyId(String keyId) {
        return Optional.ofNullable(byKeyId.get(keyId));
    }

    public boolean isEmpty() {
        return byKeyId.isEmpty();
    }

    /** The verified claims of a JWS signed by any of these keys, chosen by the JWS's key id. */
    public JsonNode verify(String jws) {
        String keyId = Es256Jws.keyId(jws);
        PublicKey key = keyId == null ? null : byKeyId.get(keyId);
        if (key == null) {
            throw new Es256Jws.InvalidSignatureException("No key of " + signer + " has the id " + keyId);
        }
        return Es256Jws.verify(jws, key);
    }

    /** The keys as JWKs for a JWKS's {@code keys}, current first. */
    public List<Map<String, Object>> jwks() {
        List<Map<String, Object>> jwks = new ArrayList<>();
        byKeyId.forEach((keyId, key) -> jwks.add(EcJwk.publicJwk(key, keyId)));
        return jwks;
    }

    private static List<Path> retiredKeys(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(PUBLIC_SUFFIX) && Files.isRegularFile(file))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String namedKeyId(String signer, Path file) {
        String name = file.getFileName().toString();
        String keyId = name.substring(0, name.length() - PUBLIC_SUFFIX.length());
        if (!keyId.equals(SigningKeyIds.legacy(signer)) && !keyId.equals(SigningKeyIds.of(signer, SigningKeys.readPublic(file)))) {
            throw new IllegalArgumentException(file + " is named neither by its key id " + SigningKeyIds.of(signer,
                    SigningKeys.readPublic(file)) + " nor by the legacy id " + SigningKeyIds.legacy(signer));
        }
        return keyId;
    }
}
