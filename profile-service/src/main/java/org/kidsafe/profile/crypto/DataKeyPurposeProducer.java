package org.kidsafe.profile.crypto;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.kidsafe.crypto.datakey.DataKeyPurpose;

/**
 * profile-service's purpose for the shared {@link org.kidsafe.crypto.datakey.DataKeys}: every data key it
 * ever stored was wrapped as {@code "child-key:" + childId}, so this label must never change (the keys
 * would stop unwrapping), and it differs from media-service's so a key copied between the services' databases
 * does not unwrap.
 */
@ApplicationScoped
public class DataKeyPurposeProducer {

    public static final DataKeyPurpose PURPOSE = new DataKeyPurpose("child-key:");

    @Produces
    @Singleton
    DataKeyPurpose purpose() {
        return PURPOSE;
    }
}
