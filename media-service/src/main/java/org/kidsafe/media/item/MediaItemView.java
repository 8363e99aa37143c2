package org.kidsafe.media.item;

import org.kidsafe.media.sanitize.MaskedKind;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.kidsafe.events.DataCategory;
import org.kidsafe.media.item.ChatDirection;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@Schema(name = "MediaItem", description = "A photo, voice clip or chat message held for a child. Photos carry no metadata (location, camera, comments).")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MediaItemView(
        UUID id,
        UUID childId,
        DataCategory category,
        @Schema(description = "photo, voice or chat") String kind,
        String contentType,
        @Schema(description = "Size of the stored content in bytes (after metadata removal)") long sizeBytes,
        Instant storedAt,
        @Schema(description = "When the retention period ends and the item is deleted") Instant expiresAt,
        @Schema(description = "Chat only: FROM_CHILD or TO_CHILD") ChatDirection direction,
        @Schema(description = "Chat only: whether contact details were masked before storage") Boolean masked,
        @Schema(description = "Chat only: which kinds were masked (never the masked text)") List<MaskedKind> maskedKinds,
        @Schema(description = "Chat only: the message as stored") String text,
        @Schema(description = "Path of the content (supports HTTP Range)") String contentPath) {

    public static MediaItemView of(ItemDetails details) {
        MediaItem item = details.item();
        boolean chat = item.chatDirection != null;
        List<MaskedKind> masked = chat ? List.copyOf(item.maskedKinds()) : null;
        return new MediaItemView(item.id, item.childId, item.category, item.kind.label(), item.contentType, item.sizeBytes, item.storedAt,
                details.expiresAt(), item.chatDirection, chat ? !masked.isEmpty() : null, masked, details.text(), contentPath(item));
    }

    static String contentPath(MediaItem item) {
        return "/v1/children/" + item.childId + "/media/" + item.id + "/content";
    }
}
