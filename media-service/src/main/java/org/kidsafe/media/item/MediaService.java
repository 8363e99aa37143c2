package org.kidsafe.media.item;

import org.kidsafe.media.sanitize.MediaKind;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import org.kidsafe.commons.access.ChildAccess;
import org.kidsafe.commons.paging.Cursor;
import org.kidsafe.commons.paging.Page;
import org.kidsafe.commons.paging.PageRequest;
import org.kidsafe.commons.problem.ProblemException;
import org.kidsafe.consentprojection.ConsentGate;
import org.kidsafe.crypto.datakey.DataKey;
import org.kidsafe.crypto.datakey.DataKeys;
import org.kidsafe.crypto.datakey.SubjectErasedException;
import org.kidsafe.events.DataCategory;
import org.kidsafe.crypto.kek.AesGcm;
import org.kidsafe.media.crypto.SegmentedGcm;
import org.kidsafe.media.sanitize.MediaFilters;
import org.kidsafe.media.sanitize.MediaFormat;
import org.kidsafe.media.sanitize.MediaProblems;
import org.kidsafe.media.storage.BlobKeys;
import org.kidsafe.media.storage.BlobStore;
import org.kidsafe.media.storage.ErasedWhileWritten;
import org.kidsafe.media.config.Retention;
import org.kidsafe.media.toy.PairedToys;

import javax.crypto.SecretKey;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Photos and voice clips: streamed from the toy through the format's metadata filter into
 * segmented AES-GCM under the child's data key, then recorded; read back for the child's parent,
 * whose ownership every read and delete checks first.
 */
@ApplicationScoped
public class MediaService {

    private static final int READ_BUFFER = 64 * 1024;

    private final MediaItemRepository items;
    private final DataKeys dataKeys;
    private final BlobStore blobs;
    private final MediaFilters filters;
    private final ConsentGate consent;
    private final PairedToys toys;
    private final Retention retention;
    private final ChildAccess access;
    private final Clock clock;

    MediaService(MediaItemRepository items, DataKeys dataKeys, BlobStore blobs, MediaFilters filters, ConsentGate consent,
                 PairedToys toys, Retention retention, ChildAccess access, Clock clock) {
        this.items = items;
        this.dataKeys = dataKeys;
        this.blobs = blobs;
        this.filters = filters;
        this.consent = consent;
        this.toys = toys;
        this.retention = retention;
        this.access = access;
        this.clock = clock;
    }

    /** Stores one upload from a paired toy; the format is read from the content's magic bytes. */
    public MediaItem upload(UUID childId, String deviceId, InputStream body, OptionalLong declaredLength) throws IOException {
        toys.requirePaired(deviceId, childId);
        BufferedInputStream in = new BufferedInputStream(body, READ_BUFFER);
        in.mark(MediaFormat.SNIFF_BYTES);
        byte[] head = in.readNBytes(MediaFormat.SNIFF_BYTES);
        in.reset();
        MediaFormat format = MediaFormat.sniff(head).orElseThrow(MediaProblems::unsupportedType);
        DataCategory category = format.kind().category();
        consent.require(childId, category);
        long limit = filters.maxBytes(format);
        if (declaredLength.isPresent() && declaredLength.getAsLong() > limit) {
            throw MediaProblems.tooLarge(limit);
        }
        DataKey key = keyForWriting(dataKeys, childId);
        UUID itemId = UUID.randomUUID();
        String blobKey = BlobKeys.item(childId, category, itemId);
        long[] plaintextLength = new long[1];
        InputStream limited = new LimitedInputStream(in, limit);
        try {
            blobs.write(blobKey, out -> {
                SegmentedGcm.EncryptingOutputStream encrypted = SegmentedGcm.encrypt(out, key.key(), itemId);
                filters.forFormat(format).copy(limited, encrypted);
                encrypted.close();
                plaintextLength[0] = encrypted.plaintextLength();
            });
        } catch (ErasedWhileWritten e) {
            // An erasure of this child's data overtook the upload: answered as the record step answers one.
            QuarkusTransaction.requiringNew().run(() -> requireStillCollecting(childId, category, key));
            throw ProblemException.conflict("erased-during-upload",
                    "This child's " + category + " were being erased while the upload was in progress; nothing was stored.");
        }
        try {
            return QuarkusTransaction.requiringNew().call(() -> record(itemId, childId, deviceId, format, blobKey, plaintextLength[0], key));
        } catch (RuntimeException e) {
            blobs.delete(blobKey);
            throw e;
        }
    }

    /** The child's key for a new item; a child erased for good gets none (issue 18 item 6). */
    static DataKey keyForWriting(DataKeys dataKeys, UUID childId) {
        try {
            return dataKeys.getOrCreateCommitted(childId);
        } catch (SubjectErasedException e) {
            throw MediaProblems.childErased();
        }
    }

    /** Consent still given (403 otherwise) and the child's key still the one the upload was sealed under (409). */
    private void requireStillCollecting(UUID childId, DataCategory category, DataKey key) {
        consent.requireForWriting(childId, category);
        if (!dataKeys.stillCurrent(key)) {
            throw ProblemException.conflict("child-erased", "This child's media was erased while the upload was in progress.");
        }
    }

    /** Records an upload unless consent was withdrawn or the child erased while it streamed. */
    private MediaItem record(UUID itemId, UUID childId, String deviceId, MediaFormat format, String blobKey, long size,
                             DataKey key) {
        requireStillCollecting(childId, format.kind().category(), key);
        MediaItem item = new MediaItem();
        item.id = itemId;
        item.childId = childId;
        item.category = format.kind().category();
        item.kind = format.kind();
        item.contentType = format.contentType();
        item.sizeBytes = size;
        item.storedAt = clock.instant();
        item.deviceId = deviceId;
        item.blobKey = blobKey;
        items.persist(item);
        return item;
    }

    /**
     * One page of the child's items, all or of one category ({@code PHOTOS}, {@code VOICE} or {@code CHAT}, any
     * case; null or blank for all), oldest first. Ownership is checked before the category is read, so a stranger
     * learns nothing from a bad one. One keyset query reads the page and one row more, and only the page's chat text is
     * decrypted, never that of the row read past it to learn whether another page follows (issue 20 item 4).
     */
    @Transactional(TxType.SUPPORTS)
    public Page<ItemDetails> list(UUID childId, String categoryName, PageRequest request) {
        access.requireAccess(childId);
        Optional<DataCategory> category = parseCategory(categoryName);
        Page<MediaItem> page = request.page(items.pageForChild(childId, category, request), MediaService::position);
        Optional<SecretKey> key = dataKeys.find(childId).map(DataKey::key);
        return page.map(item -> details(item, key));
    }

    /** Every item held for the child, decrypted: the parent's export (16 CFR 312.6), which the law wants whole. */
    @Transactional(TxType.SUPPORTS)
    public List<ItemDetails> everything(UUID childId) {
        access.requireAccess(childId);
        Optional<SecretKey> key = dataKeys.find(childId).map(DataKey::key);
        return items.listForChild(childId).stream().map(item -> details(item, key)).toList();
    }

    /** Where an item sits in every list of items: (storedAt, id). */
    static Cursor position(MediaItem item) {
        return new Cursor(item.storedAt, item.id);
    }

    @Transactional(TxType.SUPPORTS)
    public ItemDetails get(UUID childId, UUID itemId) {
        access.requireAccess(childId);
        MediaItem item = items.findForChild(childId, itemId).orElseThrow(() -> ProblemException.notFound("media item"));
        return details(item, dataKeys.find(childId).map(DataKey::key));
    }

    /**
     * The plaintext bytes {@code [first, last]} of a photo or clip, decrypting only the segments that
     * hold them. The caller closes the stream.
     */
    @Transactional(TxType.SUPPORTS)
    public InputStream openContent(MediaItem item, long first, long last) {
        SecretKey key = dataKeys.find(item.childId).map(DataKey::key).orElseThrow(() -> ProblemException.notFound("media item"));
        try {
            long segment = first / SegmentedGcm.SEGMENT_BYTES;
            InputStream sealed = blobs.open(item.blobKey, SegmentedGcm.sealedOffsetOfSegment(segment));
            return SegmentedGcm.decryptRange(sealed, key, item.id, item.sizeBytes, first, last);
        } catch (NoSuchFileException e) {
            throw ProblemException.notFound("media item");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes one item: its encrypted bytes first, then its record (a retry finishes a half-done delete). */
    public void delete(UUID childId, UUID itemId) throws IOException {
        access.requireAccess(childId);
        MediaItem item = QuarkusTransaction.requiringNew().call(() -> items.findForChild(childId, itemId))
                .orElseThrow(() -> ProblemException.notFound("media item"));
        if (item.blobKey != null) {
            blobs.delete(item.blobKey);
        }
        QuarkusTransaction.requiringNew().run(() -> items.deleteById(itemId));
    }

    private static Optional<DataCategory> parseCategory(String category) {
        if (category == null || category.isBlank()) {
            return Optional.empty();
        }
        return Arrays.stream(DataCategory.values())
                .filter(value -> value.name().equalsIgnoreCase(category.trim()) && MediaKind.isMedia(value))
                .findFirst()
                .map(Optional::of)
                .orElseThrow(() -> ProblemException.badRequest("invalid-category", "category must be PHOTOS, VOICE or CHAT."));
    }

    ItemDetails details(MediaItem item, Optional<SecretKey> key) {
        String text = item.kind == MediaKind.CHAT ? key.map(value -> chatText(item, value)).orElse(null) : null;
        return new ItemDetails(item, text, retention.expiresAt(item.category, item.storedAt));
    }

    public static String chatText(MediaItem item, SecretKey key) {
        return new String(AesGcm.open(key, item.chatCiphertext, AesGcm.idBytes(item.id)), StandardCharsets.UTF_8);
    }
}
