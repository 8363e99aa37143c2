package org.kidsafe.media.sanitize;

import org.kidsafe.events.DataCategory;

/** What an item is, and the consent category it belongs to. */
public enum MediaKind {
    PHOTO(DataCategory.PHOTOS),
    VOICE(DataCategory.VOICE),
    CHAT(DataCategory.CHAT);

    private final DataCategory category;

    MediaKind(DataCategory category) {
        this.category = category;
    }

    public DataCategory category() {
        return category;
    }

    /** The lower-case name used in API answers and erasure reports, e.g. {@code photo}. */
    public String label() {
        return name().toLowerCase();
    }

    public static MediaKind of(DataCategory category) {
        for (MediaKind kind : values()) {
            if (kind.category == category) {
                return kind;
            }
        }
        throw new IllegalArgumentException(category + " is not a media category");
    }

    public static boolean isMedia(DataCategory category) {
        return category == DataCategory.PHOTOS || category == DataCategory.VOICE || category == DataCategory.CHAT;
    }
}
