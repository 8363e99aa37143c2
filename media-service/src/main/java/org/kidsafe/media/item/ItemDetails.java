package org.kidsafe.media.item;


import java.time.Instant;

/**
 * An item with what a parent may see of it.
 *
 * @param item      the stored metadata
 * @param text      the decrypted chat text (chat only, otherwise null)
 * @param expiresAt when retention purges it
 */
public record ItemDetails(MediaItem item, String text, Instant expiresAt) {
}
