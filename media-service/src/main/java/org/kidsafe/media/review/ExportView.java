package org.kidsafe.media.review;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.kidsafe.media.item.MediaItemView;

@Schema(name = "MediaExport", description = "Everything media-service holds for a child: metadata, chat text and a download path per item.")
public record ExportView(String service, UUID childId, Instant exportedAt, List<MediaItemView> items) {
}
