package org.kidsafe.commons.holdings;

import java.util.UUID;

/**
 * The export contract shared by every service: {@code GET /v1/children/{childId}/export} answers a
 * JSON object that begins with {@code service} and {@code childId}, followed by the service's own
 * sections (its records, decrypted, for the parent). Each service's export record implements this,
 * naming those two components first; the gateway reads every export as an {@link ExportDocument}.
 */
public interface ChildDataExport {

    /** The answering service, e.g. {@code profile-service}. */
    String service();

    /** The child the export is about. */
    UUID childId();
}
