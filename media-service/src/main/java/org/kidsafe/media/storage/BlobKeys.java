package org.kidsafe.media.storage;

import org.kidsafe.events.DataCategory;

import java.util.UUID;

/** Blob key layout: {@code <childId>/<category>/<itemId>}, built only from ids and enum names. */
public final class BlobKeys {

    private BlobKeys() {
    }

    public static String item(UUID childId, DataCategory category, UUID itemId) {
        return category(childId, category) + itemId;
    }

    public static String child(UUID childId) {
        return childId + "/";
    }

    public static String category(UUID childId, DataCategory category) {
        return child(childId) + category.name() + "/";
    }
}
