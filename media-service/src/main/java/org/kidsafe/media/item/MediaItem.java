package org.kidsafe.media.item;

import org.kidsafe.media.sanitize.MaskedKind;
import org.kidsafe.media.sanitize.MediaKind;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.kidsafe.events.DataCategory;
import org.kidsafe.media.item.ChatDirection;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * One photo, voice clip or chat message of a child. Metadata only in clear; the content is
 * encrypted under the child's data key (media in the blob store, chat text in {@link #chatCiphertext}).
 */
@Entity
@Table(name = "media_item")
public class MediaItem {

    @Id
    public UUID id;

    @Column(name = "child_id", nullable = false)
    public UUID childId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public DataCategory category;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public MediaKind kind;

    @Column(name = "content_type", nullable = false)
    public String contentType;

    /** Plaintext size in bytes (after metadata stripping). */
    @Column(name = "size_bytes", nullable = false)
    public long sizeBytes;

    @Column(name = "stored_at", nullable = false)
    public Instant storedAt;

    /** The toy that sent it, or null for a parent's message. */
    @Column(name = "device_id")
    public String deviceId;

    @Column(name = "blob_key")
    public String blobKey;

    @Enumerated(EnumType.STRING)
    @Column(name = "chat_direction")
    public ChatDirection chatDirection;

    @Column(name = "chat_ciphertext")
    public byte[] chatCiphertext;

    /** Comma-separated {@link MaskedKind} names; empty when nothing was masked. Never the masked text. */
    @Column(name = "masked_kinds")
    public String maskedKinds;

    @Column(name = "delivered_at")
    public Instant deliveredAt;

    public Set<MaskedKind> maskedKinds() {
        if (maskedKinds == null || maskedKinds.isEmpty()) {
            return EnumSet.noneOf(MaskedKind.class);
        }
        return Arrays.stream(maskedKinds.split(",")).map(MaskedKind::valueOf)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(MaskedKind.class)));
    }

    public void maskedKinds(Set<MaskedKind> kinds) {
        maskedKinds = kinds.stream().map(Enum::name).sorted().collect(Collectors.joining(","));
    }
}
