package org.kidsafe.crypto.datakey;

import javax.crypto.SecretKey;
import java.util.UUID;

/**
 * A subject's unwrapped data key, for one use: never cached, so destroying the stored key makes the
 * subject's data unreadable in every replica at once.
 *
 * @param subjectId  whose key it is (a child today; a parent for consent forms later)
 * @param generation which key it is; unchanged by a re-wrap, new when the key is replaced
 * @param key        the AES-256 key
 */
public record DataKey(UUID subjectId, UUID generation, SecretKey key) {
}
