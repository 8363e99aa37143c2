package org.kidsafe.crypto.signing;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class Es256JwsTest {

    private final KeyPair keys = SigningKeys.generate();

    @Test
    void whatIsSignedVerifiesWithThePublicKey() {
        String jws = Es256Jws.sign(Map.of("erased", 3), "media-service", keys.getPrivate());

        assertEquals(3, Es256Jws.verify(jws, keys.getPublic()).path("erased").asInt());
        assertEquals("media-service", Es256Jws.keyId(jws));
    }

    @Test
    void anotherKeyATamperedPayloadAndAlgNoneAreRefused() {
        String jws = Es256Jws.sign(Map.of("erased", 3), "media-service", keys.getPrivate());
        String[] parts = jws.split("\\.");
        String tampered = parts[0] + "." + b64("{\"erased\":0}") + "." + parts[2];
        String none = b64("{\"alg\":\"none\"}") + "." + parts[1] + ".";

        assertThrows(Es256Jws.InvalidSignatureException.class, () -> Es256Jws.verify(jws, SigningKeys.generate().getPublic()));
        assertThrows(Es256Jws.InvalidSignatureException.class, () -> Es256Jws.verify(tampered, keys.getPublic()));
        assertThrows(Es256Jws.InvalidSignatureException.class, () -> Es256Jws.verify(none, keys.getPublic()));
        assertThrows(Es256Jws.InvalidSignatureException.class, () -> Es256Jws.verify("garbage", keys.getPublic()));
    }

    @Test
    void keysSurviveAPemRoundTrip() throws Exception {
        Path dir = Files.createTempDirectory("keys");
        SigningKeys.write(keys, dir, "consent-service");
        String jws = Es256Jws.sign(Map.of("ok", true), "k", SigningKeys.readPrivate(dir.resolve("consent-service.key")));

        assertEquals(true, Es256Jws.verify(jws, SigningKeys.readPublic(dir.resolve("consent-service.pub"))).path("ok").asBoolean());
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
