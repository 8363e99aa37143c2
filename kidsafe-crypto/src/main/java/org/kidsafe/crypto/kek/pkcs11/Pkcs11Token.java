package org.kidsafe.crypto.kek.pkcs11;

import javax.crypto.SecretKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.Provider;
import java.security.ProviderException;
import java.security.Security;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * One PKCS#11 token through the JDK's own SunPKCS11 provider (no native code of ours): its AES keys by label, which the
 * JDK hands out as handles only. A key is looked up in the token at every use, so a key object deleted from the token
 * (a retired KEK) is unusable by every service at once, and a key created meanwhile (a rotation) is found by reading
 * the token's key list again. Keys whose value the token would reveal (not sensitive, or extractable) are refused: a
 * KEK in a hardware key store is worth having only if it cannot be copied out of it.
 * <p>
 * The provider is not registered with {@link Security}: only the KEK provider uses it, nothing else in the JVM.
 */
final class Pkcs11Token {

    private final Provider provider;
    private final Path pinFile;
    private KeyStore keys;

    private Pkcs11Token(Provider provider, Path pinFile) {
        this.provider = provider;
        this.pinFile = pinFile;
    }

    /**
     * @param slot          the token's slot id, or empty to use {@code slotListIndex}
     * @param slotListIndex the token's position in the slot list, or empty to use {@code slot}
     */
    static Pkcs11Token open(Path library, Optional<Long> slot, Optional<Integer> slotListIndex, Path pinFile) {
        if (slot.isPresent() == slotListIndex.isPresent()) {
            throw new IllegalStateException("Set exactly one of kidsafe.kek.pkcs11.slot and kidsafe.kek.pkcs11.slot-list-index");
        }
        if (!Files.isReadable(library)) {
            throw new IllegalStateException("kidsafe.kek.pkcs11.library " + library + " is not a readable PKCS#11 library");
        }
        String configuration = String.join("\n",
                "name = kidsafe-kek",
                "library = \"" + library.toAbsolutePath() + "\"",
                slot.map(id -> "slot = " + id).orElseGet(() -> "slotListIndex = " + slotListIndex.orElseThrow()), "");
        Provider provider;
        try {
            provider = Security.getProvider("SunPKCS11").configure("--" + configuration);
        } catch (ProviderException | IllegalArgumentException e) {
            throw new IllegalStateException("Cannot open the PKCS#11 token (" + configuration.replace('\n', ' ') + ")", e);
        }
        Pkcs11Token token = new Pkcs11Token(provider, pinFile);
        token.reload();
        return token;
    }

    /** The JCA provider that computes with this token's keys, inside the token. */
    Provider provider() {
        return provider;
    }

    /** The labels of the token's keys, as read at the last login. */
    synchronized List<String> labels() {
        try {
            return Collections.list(keys.aliases());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot list the keys of the PKCS#11 token", e);
        }
    }

    /**
     * The AES key with this label, or empty if the token has none.
     *
     * @throws IllegalStateException if the key is not AES or the token would reveal its value
     */
    synchronized Optional<SecretKey> key(String label) {
        Optional<SecretKey> key = find(label);
        if (key.isEmpty()) {
            reload();
            key = find(label);
        }
        return key;
    }

    private Optional<SecretKey> find(String label) {
        Key key;
        try {
            key = keys.getKey(label, null);
        } catch (GeneralSecurityException | ProviderException e) {
            return Optional.empty();
        }
        if (key == null) {
            return Optional.empty();
        }
        if (!(key instanceof SecretKey secret) || !"AES".equals(key.getAlgorithm())) {
            throw new IllegalStateException("The token key labelled " + label + " is not an AES key");
        }
        if (key.getEncoded() != null || !neverLeavesTheToken(key)) {
            throw new IllegalStateException("The token would let the key labelled " + label + " out (in clear or wrapped): "
                    + "a KEK must be created sensitive and not extractable (pkcs11-tool --keygen --sensitive, without --extractable)");
        }
        return Optional.of(secret);
    }

    /**
     * CKA_SENSITIVE and not CKA_EXTRACTABLE. A sensitive key hides its value ({@link Key#getEncoded()} is null) but,
     * if extractable, can still be wrapped out under another key. The JDK reads both attributes but shows them only
     * in the key's description ("sensitive, unextractable"); a description without them is refused, so a JDK that
     * words it differently fails closed.
     */
    private static boolean neverLeavesTheToken(Key key) {
        String description = key.toString();
        return description.contains(" sensitive,") && description.contains(", unextractable");
    }

    /** Logs in with the PIN as the file says now and reads the token's key list again. */
    private void reload() {
        char[] pin = pin();
        try {
            KeyStore store = KeyStore.getInstance("PKCS11", provider);
            store.load(null, pin);
            keys = store;
        } catch (GeneralSecurityException | IOException | ProviderException e) {
            throw new IllegalStateException("Cannot log in to the PKCS#11 token with the PIN in " + pinFile, e);
        } finally {
            Arrays.fill(pin, '\0');
        }
    }

    private char[] pin() {
        try {
            return Files.readString(pinFile, StandardCharsets.UTF_8).strip().toCharArray();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the PKCS#11 PIN file " + pinFile, e);
        }
    }
}
