package org.kidsafe.crypto.kek.pkcs11;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the key-encryption keys live (issue 18 item 1): {@code kidsafe.kek.provider=file} (the default: the KEK files of
 * {@link org.kidsafe.crypto.kek.KekSettings}) or {@code pkcs11} (AES keys inside a hardware or cloud key store reached
 * through its PKCS#11 library, which never hand out their value). The file settings stay meaningful with
 * {@code pkcs11}: KEKs named there still unwrap the keys they wrapped until the re-wrap has moved them into the token.
 */
@ConfigMapping(prefix = "kidsafe.kek")
public interface KekProviderSettings {

    /** Which provider wraps the data keys. */
    @WithDefault("file")
    Kind provider();

    /** The token, read only with {@code provider=pkcs11}. */
    Pkcs11 pkcs11();

    enum Kind {
        /** KEKs from files (or the environment) held in the service's memory. */
        FILE,
        /** KEKs inside a PKCS#11 token; wrap and unwrap run in the token. */
        PKCS11
    }

    interface Pkcs11 {

        /** The vendor's PKCS#11 library, e.g. {@code /usr/lib/softhsm/libsofthsm2.so}. */
        Optional<Path> library();

        /** The token's slot id (as {@code softhsm2-util --show-slots} or {@code pkcs11-tool --list-slots} print it). */
        Optional<Long> slot();

        /** Or the token's position in the library's slot list, for libraries whose slot ids change (not both). */
        Optional<Integer> slotListIndex();

        /**
         * File holding the user PIN, read at each login (never kept in configuration or memory longer than the login),
         * as every other secret file (service-commons' {@code SecretFiles}): a rotated PIN file is taken up at the next login.
         */
        Optional<Path> pinFile();

        /** Label of the token key that wraps new data keys; it is also the KEK id stored beside each key it wraps. */
        Optional<String> currentKeyLabel();
    }
}
