package org.kidsafe.crypto.kek.pkcs11;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import org.kidsafe.crypto.kek.KekDirectory;
import org.kidsafe.crypto.kek.KekSettings;
import org.kidsafe.crypto.kek.KeyEncryptionKeyProvider;
import org.kidsafe.crypto.kek.LocalKeyEncryptionKeyProvider;

import java.util.HashSet;
import java.util.Set;

/**
 * The {@link KeyEncryptionKeyProvider} every service gets, chosen at run time by {@code kidsafe.kek.provider}
 * ({@link KekProviderSettings}): the KEK files ({@link LocalKeyEncryptionKeyProvider}, the default and production's
 * default) or a PKCS#11 token. One image serves both; only configuration changes. It replaces the files' provider as the
 * injected one because {@link LocalKeyEncryptionKeyProvider} is a default bean, which gives way to any other.
 */
@ApplicationScoped
public class KekProviderSelection {

    @Produces
    @ApplicationScoped
    KeyEncryptionKeyProvider selected(KekProviderSettings settings, KekSettings files, Instance<LocalKeyEncryptionKeyProvider> local) {
        return switch (settings.provider()) {
            case FILE -> local.get();
            case PKCS11 -> Pkcs11KeyEncryptionKeyProvider.open(settings.pkcs11(), configuredFileKekIds(files), local::get);
        };
    }

    /** With a token, a missing key or PIN stops the start instead of the first upload. */
    void checkTheTokenAtStartup(@Observes StartupEvent started, KekProviderSettings settings, Instance<KeyEncryptionKeyProvider> provider) {
        if (settings.provider() == KekProviderSettings.Kind.PKCS11) {
            provider.get().currentKeyId();
        }
    }

    /**
     * The KEK files configured beside the token: every version of a KEK ring, the retired files, and the current file's
     * id only if a file or value is really set.
     */
    static Set<String> configuredFileKekIds(KekSettings files) {
        Set<String> ids = new HashSet<>(files.retired().keySet());
        files.directory().ifPresent(ring -> ids.addAll(KekDirectory.ids(ring)));
        if (files.file().isPresent() || files.value().isPresent()) {
            ids.add(files.keyId());
        }
        return ids;
    }
}
