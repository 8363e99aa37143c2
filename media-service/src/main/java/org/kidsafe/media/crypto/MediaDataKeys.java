package org.kidsafe.media.crypto;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.kidsafe.crypto.datakey.DataKeyPurpose;
import org.kidsafe.crypto.datakey.DataKeys;
import org.kidsafe.crypto.datakey.WrappedDataKeyRepository;
import org.kidsafe.crypto.kek.KeyEncryptionKeyProvider;

import java.time.Clock;

/**
 * media-service's per-child data keys: the shared {@link DataKeys} with media-service's purpose. Every data
 * key it ever stored was wrapped as {@code "kidsafe-media-data-key:" + childId}, so the label must never change (the keys
 * would stop unwrapping), and it differs from profile-service's so a key copied between the services' databases
 * does not unwrap.
 */
@ApplicationScoped
public class MediaDataKeys extends DataKeys {

    public static final DataKeyPurpose PURPOSE = new DataKeyPurpose("kidsafe-media-data-key:");

    @Inject
    MediaDataKeys(WrappedDataKeyRepository keys, KeyEncryptionKeyProvider keks, Clock clock) {
        super(keys, keks, PURPOSE, clock);
    }

    /** For the container's client proxy only. */
    protected MediaDataKeys() {
        super();
    }
}
