package org.kidsafe.consent.verification;

import org.kidsafe.crypto.kek.AesGcm;

import javax.crypto.SecretKey;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * How a signed form's file is stored (issue 18 item 2): AES-256-GCM under its parent's data key ({@link ParentDataKeys}),
 * bound to the form's id, so a sealed file copied to another form's row does not open there. Used by the upload and by
 * the migration that seals the forms of the previous release ({@code db.migration.V6_1__SealConsentForms}).
 */
public final class ConsentFormSeal {

    private static final String CONTEXT = "kidsafe-consent-form:";

    private ConsentFormSeal() {
    }

    public static byte[] seal(SecretKey parentKey, UUID formId, byte[] content) {
        return AesGcm.seal(parentKey, content, boundTo(formId));
    }

    /** @throws IllegalStateException when the key is not the one the form was sealed with, or the bytes were changed */
    public static byte[] open(SecretKey parentKey, UUID formId, byte[] sealed) {
        return AesGcm.open(parentKey, sealed, boundTo(formId));
    }

    private static byte[] boundTo(UUID formId) {
        return (CONTEXT + formId).getBytes(StandardCharsets.UTF_8);
    }
}
