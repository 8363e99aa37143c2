package org.kidsafe.crypto.kek;

/**
 * A data key wrapped by one KEK version, with that version's id: obtained together ({@link KeyEncryptionKeyProvider#wrapCurrent}),
 * so a rotation between reading the id and wrapping cannot store a key under an id that did not wrap it.
 *
 * @param keyId      the id of the KEK that wrapped it, stored beside it
 * @param wrappedKey the wrapped data key
 */
public record KekWrapped(String keyId, byte[] wrappedKey) {
}
