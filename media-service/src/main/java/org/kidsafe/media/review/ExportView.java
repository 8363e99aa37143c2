package org.kidsafe.media.review;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.kidsafe.commons.holdings.ChildDataExport;
import org.kidsafe.media.item.MediaItemView;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** media-service's sections of the shared export contract: when it was taken, and every item. */
@Schema(name = "MediaExport", description = "Everything media-service holds for a child: metadata, chat text and a download path per item.")
public record ExportView(String service, UUID childId, Instant exportedAt, List<MediaItemView> items) implements ChildDataExport {
}
