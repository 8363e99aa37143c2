package org.kidsafe.consent.verification;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.kidsafe.crypto.datakey.DataKeyPurpose;
import org.kidsafe.crypto.datakey.DataKeys;
import org.kidsafe.crypto.datakey.WrappedDataKeyRepository;
import org.kidsafe.crypto.kek.KeyEncryptionKeyProvider;

import java.time.Clock;

/**
 * consent-service's per-parent data keys (issue 18 item 2): the shared {@link DataKeys} with consent-service's own purpose,
 * the subject being the parent. A parent's signed consent forms are encrypted under their key, and the key is destroyed
 * with the parent's contact data ({@code EmailVerificationService#forgetContact}), so every copy of their forms (replicas,
 * backups, old row versions) becomes unreadable with it. The label is bound into every wrapped key: never change it.
 */
@ApplicationScoped
public class ParentDataKeys extends DataKeys {

    public static final DataKeyPurpose PURPOSE = new DataKeyPurpose("kidsafe-consent-parent-key:");

    @Inject
    ParentDataKeys(WrappedDataKeyRepository keys, KeyEncryptionKeyProvider keks, Clock clock) {
        super(keys, keks, PURPOSE, clock);
    }

    /** For the container's client proxy only. */
    protected ParentDataKeys() {
        super();
    }
}
