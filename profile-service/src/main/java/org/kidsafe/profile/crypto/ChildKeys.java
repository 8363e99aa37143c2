package org.kidsafe.profile.crypto;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import org.kidsafe.crypto.kek.AesGcm;
import org.kidsafe.crypto.kek.KeyEncryptionKeyProvider;
import org.kidsafe.profile.domain.ChildKey;
import org.kidsafe.profile.repository.ChildKeyRepository;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;

/**
 * Per-child data keys: created on first use, stored only wrapped by the KEK (bound to the child id),
 * re-wrapped under the current KEK when read after a rotation, and destroyed on erasure.
 */
@ApplicationScoped
public class ChildKeys {

    private final ChildKeyRepository keys;
    private final KeyEncryptionKeyProvider keks;
    private final Clock clock;

    ChildKeys(ChildKeyRepository keys, KeyEncryptionKeyProvider keks, Clock clock) {
        this.keys = keys;
        this.keks = keks;
        this.clock = clock;
    }

    /** The child's data key, created if the child has none yet. */
    @Transactional(TxType.MANDATORY)
    public SecretKey keyOf(UUID childId) {
        ChildKey stored = keys.findByIdOptional(childId).orElse(null);
        if (stored == null) {
            SecretKey dataKey = AesGcm.newKey();
            stored = new ChildKey();
            stored.childId = childId;
            stored.kekId = keks.currentKeyId();
            stored.wrappedKey = keks.wrap(dataKey.getEncoded(), boundTo(childId));
            stored.createdAt = clock.instant();
            keys.persist(stored);
            return dataKey;
        }
        SecretKey dataKey = new SecretKeySpec(keks.unwrap(stored.kekId, stored.wrappedKey, boundTo(childId)), "AES");
        if (!stored.kekId.equals(keks.currentKeyId())) {
            stored.kekId = keks.currentKeyId();
            stored.wrappedKey = keks.wrap(dataKey.getEncoded(), boundTo(childId));
        }
        return dataKey;
    }

    /** Destroys the child's key: every value encrypted under it becomes unreadable. */
    @Transactional(TxType.MANDATORY)
    public long destroy(UUID childId) {
        return keys.delete("childId", childId);
    }

    private static byte[] boundTo(UUID childId) {
        return ("child-key:" + childId).getBytes(StandardCharsets.UTF_8);
    }
}
