package org.kidsafe.crypto.signing;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kidsafe.crypto.jwk.EcJwk;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Key versions (issue 18 item 4) and rotation without a restart (issue 16 item 5): each key has its own id, the
 * service signs with the current key, and whatever it signed before a rotation (or before key versions existed, under
 * the bare service name) still verifies under the keys it publishes.
 */
class SigningKeyRotationTest {

    private static final String SERVICE = "consent-service";
    private static final Map<String, Object> RECEIPT = Map.of("erasureId", "e-1", "childId", "c-1");

    @TempDir
    Path keys;

    @Test
    void theKeyIdIsTheServiceAndTheRfc7638ThumbprintOfThePublicKey() throws Exception {
        KeyPair pair = SigningKeys.generate();
        Map<String, Object> jwk = EcJwk.publicJwk(pair.getPublic(), "x");
        // RFC 7638: the required members in lexicographic order, no whitespace, SHA-256, base64url.
        String members = new ObjectMapper().writeValueAsString(new java.util.TreeMap<>(Map.of(
                "crv", jwk.get("crv"), "kty", jwk.get("kty"), "x", jwk.get("x"), "y", jwk.get("y"))));
        String expected = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                java.security.MessageDigest.getInstance("SHA-256").digest(members.getBytes(java.nio.charset.StandardCharsets.UTF_8)));

        assertEquals(SERVICE + "." + expected, SigningKeyIds.of(SERVICE, pair.getPublic()));
        assertNotEquals(SigningKeyIds.of(SERVICE, pair.getPublic()), SigningKeyIds.of(SERVICE, SigningKeys.generate().getPublic()));
    }

    @Test
    void aReceiptSignedBeforeARotationVerifiesAfterItAndANewOneCarriesTheNewKeyId() {
        SigningKeys.write(SigningKeys.generate(), keys, SERVICE);
        ServiceSigningKey signing = new ServiceSigningKey(settings(), SERVICE);
        String before = signing.sign(RECEIPT);
        String oldKeyId = signing.keyId();
        assertEquals(oldKeyId, Es256Jws.keyId(before));

        String newKeyId = SigningKeys.rotate(keys.resolve(SERVICE + ".key"), keys.resolve("retired"), SERVICE);
        String after = signing.sign(RECEIPT);

        assertEquals(newKeyId, signing.keyId(), "the running service signs with the new key without a restart");
        assertEquals(newKeyId, Es256Jws.keyId(after));
        assertNotEquals(oldKeyId, newKeyId);
        assertEquals(List.of(newKeyId, oldKeyId), keyIds(signing), "the JWKS lists the current key first, then the retired one");
        assertEquals("c-1", verifyAsOutsider(signing, before).path("childId").asText(), "signed before the rotation, verified after");
        assertEquals("c-1", verifyAsOutsider(signing, after).path("childId").asText());
    }

    @Test
    void aReceiptOfThePreviousReleaseSignedUnderTheServiceNameStillVerifies() throws Exception {
        // The previous release's data: <service>.key/.pub, every receipt signed with kid = the service's name.
        SigningKeys.write(SigningKeys.generate(), keys, SERVICE);
        String previousRelease = Es256Jws.sign(RECEIPT, SERVICE, SigningKeys.readPrivate(keys.resolve(SERVICE + ".key")));
        // The migration: that key's public half kept under its legacy id among the retired keys.
        Files.createDirectories(keys.resolve("retired"));
        Files.copy(keys.resolve(SERVICE + ".pub"), keys.resolve("retired").resolve(SERVICE + ".pub"));

        ServiceSigningKey signing = new ServiceSigningKey(settings(), SERVICE);
        assertEquals("c-1", verifyAsOutsider(signing, previousRelease).path("childId").asText());
        assertNotEquals(SERVICE, Es256Jws.keyId(signing.sign(RECEIPT)), "new receipts carry the versioned key id");

        SigningKeys.rotate(keys.resolve(SERVICE + ".key"), keys.resolve("retired"), SERVICE);
        assertEquals("c-1", verifyAsOutsider(signing, previousRelease).path("childId").asText(), "and after a rotation too");
    }

    @Test
    void aHalfWrittenRotationIsNotUsedUntilItIsComplete() throws Exception {
        SigningKeys.write(SigningKeys.generate(), keys, SERVICE);
        ServiceSigningKey signing = new ServiceSigningKey(settings(), SERVICE);
        String keyId = signing.keyId();
        SigningKeys.write(SigningKeys.generate(), keys.resolve("next"), SERVICE);
        Files.move(keys.resolve("next").resolve(SERVICE + ".pub"), keys.resolve(SERVICE + ".pub"), StandardCopyOption.REPLACE_EXISTING);

        String signed = signing.sign(RECEIPT);

        assertEquals(keyId, Es256Jws.keyId(signed), "a private key that does not match its .pub is never used");
        Es256Jws.verify(signed, signing.verificationKeys().forKeyId(keyId).orElseThrow());
    }

    @Test
    void aRetiredKeyFiledUnderAnotherIdIsRefused() throws Exception {
        Path retired = Files.createDirectories(keys.resolve("retired"));
        Files.writeString(retired.resolve("media-service.pub"), SigningKeys.publicPem(SigningKeys.generate().getPublic()));

        assertThrows(IllegalArgumentException.class, () -> VerificationKeys.load(SERVICE, List.of(retired)));
    }

    @Test
    void aJwsUnderAnUnknownKeyIdIsRefused() {
        SigningKeys.write(SigningKeys.generate(), keys, SERVICE);
        ServiceSigningKey signing = new ServiceSigningKey(settings(), SERVICE);
        String foreign = Es256Jws.sign(RECEIPT, signing.keyId(), SigningKeys.generate().getPrivate());
        String unknown = Es256Jws.sign(RECEIPT, SERVICE + ".unknown", SigningKeys.generate().getPrivate());

        assertThrows(Es256Jws.InvalidSignatureException.class, () -> signing.verify(foreign));
        assertThrows(Es256Jws.InvalidSignatureException.class, () -> signing.verify(unknown));
    }

    /** As an outside verifier: only the published JWKS, the key chosen by the JWS's key id. */
    private static com.fasterxml.jackson.databind.JsonNode verifyAsOutsider(ServiceSigningKey signing, String jws) {
        Map<String, Object> jwk = signing.jwks().get("keys").stream().filter(key -> key.get("kid").equals(Es256Jws.keyId(jws)))
                .findFirst().orElseThrow(() -> new AssertionError("no published key " + Es256Jws.keyId(jws)));
        return Es256Jws.verify(jws, EcJwk.publicKey(jwk));
    }

    private static List<Object> keyIds(ServiceSigningKey signing) {
        return signing.jwks().get("keys").stream().map(key -> key.get("kid")).toList();
    }

    private SigningSettings settings() {
        Path privateKey = keys.resolve(SERVICE + ".key");
        Path retired = keys.resolve("retired");
        return new SigningSettings() {
            @Override
            public Optional<Path> privateKeyFile() {
                return Optional.of(privateKey);
            }

            @Override
            public Optional<Path> retiredKeysDirectory() {
                return Optional.of(retired);
            }

            @Override
            public Duration reloadEvery() {
                return Duration.ZERO;
            }
        };
    }
}
