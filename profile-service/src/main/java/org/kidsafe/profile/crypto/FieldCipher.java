package org.kidsafe.profile.crypto;

import org.kidsafe.crypto.kek.AesGcm;

import javax.crypto.SecretKey;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Encrypts one child's text fields, each bound to the child and the field's name. */
public final class FieldCipher {

    private final SecretKey dataKey;
    private final UUID childId;

    public FieldCipher(SecretKey dataKey, UUID childId) {
        this.dataKey = dataKey;
        this.childId = childId;
    }

    public byte[] seal(String field, String value) {
        return AesGcm.seal(dataKey, value.getBytes(StandardCharsets.UTF_8), aad(field));
    }

    public String open(String field, byte[] sealed) {
        return new String(AesGcm.open(dataKey, sealed, aad(field)), StandardCharsets.UTF_8);
    }

    private byte[] aad(String field) {
        return (childId + ":" + field).getBytes(StandardCharsets.UTF_8);
    }
}
