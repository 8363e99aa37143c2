package org.kidsafe.media.storage;

import org.kidsafe.events.DataCategory;

import java.util.UUID;
import java.util.regex.Pattern;

/** Blob key layout: {@code <childId>/<category>/<itemId>}, built only from ids and enum names. */
public final class BlobKeys {

    /** A child prefix, a category prefix or an item key: nothing else can reach a store. */
    private static final Pattern VALID = Pattern.compile("[0-9a-fA-F-]{36}/([A-Z_]+/([0-9a-fA-F-]{36})?)?");

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

    /** Returns {@code key} if it is a key or prefix of this layout, so that no store ever sees a path like {@code ../}. */
    public static String requireValid(String key) {
        if (!VALID.matcher(key).matches()) {
            throw new IllegalArgumentException("Not a blob key: " + key);
        }
        return key;
    }
}
