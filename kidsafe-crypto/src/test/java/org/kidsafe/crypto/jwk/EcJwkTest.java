package org.kidsafe.crypto.jwk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.kidsafe.crypto.signing.Es256Jws;
import org.kidsafe.crypto.signing.SigningKeys;

import java.security.KeyPair;
import java.security.PublicKey;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A published JWK turns back into the key that verifies what the private key signed; anything else is refused. */
class EcJwkTest {

    private final KeyPair pair = SigningKeys.generate();

    @Test
    void aPublishedJwkRebuildsTheKeyFromJsonOrAMap() {
        Map<String, Object> jwk = EcJwk.publicJwk(pair.getPublic(), "consent-service");
        assertEquals("consent-service", jwk.get("kid"));
        assertEquals(43, jwk.get("x").toString().length(), "32 bytes, base64url without padding");

        PublicKey fromMap = EcJwk.publicKey(jwk);
        JsonNode json = new ObjectMapper().valueToTree(jwk);
        PublicKey fromJson = EcJwk.publicKey(json);

        assertArrayEquals(pair.getPublic().getEncoded(), fromMap.getEncoded());
        assertArrayEquals(pair.getPublic().getEncoded(), fromJson.getEncoded());
        String jws = Es256Jws.sign(Map.of("erased", 1), "consent-service", pair.getPrivate());
        assertEquals(1, Es256Jws.verify(jws, fromJson).path("erased").asInt());
    }

    @Test
    void anotherCurveOrAPointOffTheCurveIsRefused() {
        Map<String, Object> otherCurve = new HashMap<>(EcJwk.publicJwk(pair.getPublic(), "k"));
        otherCurve.put("crv", "P-384");
        assertThrows(IllegalArgumentException.class, () -> EcJwk.publicKey(otherCurve));

        Map<String, Object> offCurve = new HashMap<>(EcJwk.publicJwk(pair.getPublic(), "k"));
        offCurve.put("y", offCurve.get("x"));
        assertThrows(IllegalArgumentException.class, () -> EcJwk.publicKey(offCurve));

        Map<String, Object> missing = new HashMap<>(EcJwk.publicJwk(pair.getPublic(), "k"));
        missing.remove("y");
        assertThrows(IllegalArgumentException.class, () -> EcJwk.publicKey(missing));
    }
}
