package org.kidsafe.profile.crypto;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.kidsafe.crypto.datakey.DataKeyPurpose;
import org.kidsafe.crypto.datakey.DataKeys;
import org.kidsafe.crypto.datakey.WrappedDataKeyRepository;
import org.kidsafe.crypto.kek.KeyEncryptionKeyProvider;

import java.time.Clock;

/**
 * profile-service's per-child data keys: the shared {@link DataKeys} with profile-service's purpose. Every data
 * key it ever stored was wrapped as {@code "child-key:" + childId}, so the label must never change (the keys
 * would stop unwrapping), and it differs from media-service's so a key copied between the services' databases
 * does not unwrap.
 */
@ApplicationScoped
public class ProfileDataKeys extends DataKeys {

    public static final DataKeyPurpose PURPOSE = new DataKeyPurpose("child-key:");

    @Inject
    ProfileDataKeys(WrappedDataKeyRepository keys, KeyEncryptionKeyProvider keks, Clock clock) {
        super(keys, keks, PURPOSE, clock);
    }

    /** For the container's client proxy only. */
    protected ProfileDataKeys() {
        super();
    }
}
