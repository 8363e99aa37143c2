package org.kidsafe.crypto.datakey;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * What a service's data keys are for, bound into every wrap together with the subject id: a key
 * wrapped as {@code label + subjectId} unwraps only with that same label and subject.
 * <p>
 * Each service that holds data keys passes its own label to its {@link DataKeys} subclass, and never changes it: the label is part of every wrapped key already stored, so a new label
 * would make every existing key unreadable. The labels in use are those the services had before the
 * shared component existed: {@code "child-key:"} (profile-service) and {@code "kidsafe-media-data-key:"}
 * (media-service), and {@code "kidsafe-consent-parent-key:"} (consent-service's per-parent keys of signed consent
 * forms). Because they differ, a wrapped key copied from one service's database into
 * another's does not unwrap there, even though the services may share a KEK. There is deliberately no
 * default: a service that forgot to name its purpose would otherwise silently share one.
 *
 * @param label the prefix of the associated data, e.g. {@code "child-key:"}
 */
public record DataKeyPurpose(String label) {

    public DataKeyPurpose {
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("A data-key purpose needs a label");
        }
    }

    /**
     * The associated data of a wrap: the label and the subject id, so a key opens only for its own subject and purpose.
     * Public for a service's data migration that must create keys before the container runs (consent-service's
     * {@code V6_1__SealConsentForms}, which seals the previous release's unencrypted forms); everything else goes through
     * {@link DataKeys}.
     */
    public byte[] boundTo(UUID subjectId) {
        return (label + subjectId).getBytes(StandardCharsets.UTF_8);
    }
}
