package org.kidsafe.media.item;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.kidsafe.commons.access.ChildAccess;
import org.kidsafe.commons.paging.Page;
import org.kidsafe.commons.paging.PageRequest;
import org.kidsafe.commons.problem.ProblemException;
import org.kidsafe.consentprojection.ConsentGate;
import org.kidsafe.crypto.datakey.DataKey;
import org.kidsafe.crypto.datakey.DataKeys;
import org.kidsafe.events.DataCategory;
import org.kidsafe.media.config.MediaSettings;
import org.kidsafe.crypto.kek.AesGcm;
import org.kidsafe.media.sanitize.MaskedKind;
import org.kidsafe.media.item.MediaItem;
import org.kidsafe.media.item.MediaItemRepository;
import org.kidsafe.media.sanitize.MediaKind;
import org.kidsafe.media.sanitize.ChatScreen;
import org.kidsafe.media.item.MediaService;
import org.kidsafe.media.toy.PairedToys;

import javax.crypto.SecretKey;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Chat between a child's toy and the parent, encrypted under the child's data key; a child's words are screened first. */
@ApplicationScoped
public class ChatService {

    private static final String CHAT_CONTENT_TYPE = "text/plain; charset=utf-8";

    private final MediaItemRepository items;
    private final DataKeys dataKeys;
    private final ConsentGate consent;
    private final PairedToys toys;
    private final ChatScreen screen;
    private final MediaSettings settings;
    private final ChildAccess access;
    private final Clock clock;

    ChatService(MediaItemRepository items, DataKeys dataKeys, ConsentGate consent, PairedToys toys, ChatScreen screen,
                MediaSettings settings, ChildAccess access, Clock clock) {
        this.items = items;
        this.dataKeys = dataKeys;
        this.consent = consent;
        this.toys = toys;
        this.screen = screen;
        this.settings = settings;
        this.access = access;
        this.clock = clock;
    }

    /** A message the child sent through the toy: contact details masked before it is stored or delivered. */
    @Transactional
    public MediaItem fromChild(UUID childId, String deviceId, String text) {
        toys.requirePaired(deviceId, childId);
        requireValid(text);
        consent.requireForWriting(childId, DataCategory.CHAT);
        ChatScreen.Screened screened = screen.screen(text);
        return store(childId, deviceId, ChatDirection.FROM_CHILD, screened.text(), screened.masked());
    }

    /** A message from the parent to the child's toy. */
    @Transactional
    public MediaItem toChild(UUID childId, String text) {
        access.requireAccess(childId);
        requireValid(text);
        consent.requireForWriting(childId, DataCategory.CHAT);
        return store(childId, null, ChatDirection.TO_CHILD, text, EnumSet.noneOf(MaskedKind.class));
    }

    /**
     * The oldest of the parent's messages not yet fetched by one of the child's toys, one page after the cursor;
     * fetching marks exactly the page's messages delivered and decrypts only them, not the row read past the page to
     * learn whether more wait (issue 20 item 4). A delivered message never comes again, so following {@code next}
     * neither repeats nor loses one; a message committed meanwhile with an earlier time than the cursor is still
     * undelivered and comes with the next poll that starts without a cursor.
     */
    @Transactional
    public Page<InboxMessage> inbox(UUID childId, String deviceId, PageRequest request) {
        toys.requirePaired(deviceId, childId);
        Optional<SecretKey> key = dataKeys.find(childId).map(DataKey::key);
        if (key.isEmpty()) {
            return new Page<>(List.of(), null);
        }
        Instant now = clock.instant();
        Page<MediaItem> page = request.page(items.undeliveredToChild(childId, request), MediaService::position);
        return page.map(item -> {
            item.deliveredAt = now;
            return new InboxMessage(item.id, MediaService.chatText(item, key.get()), item.storedAt);
        });
    }

    private MediaItem store(UUID childId, String deviceId, ChatDirection direction, String text, Set<MaskedKind> masked) {
        DataKey childKey = MediaService.keyForWriting(dataKeys, childId);
        if (!dataKeys.stillCurrent(childKey)) {
            throw ProblemException.conflict("child-erased", "This child's media was erased meanwhile.");
        }
        SecretKey key = childKey.key();
        byte[] plaintext = text.getBytes(StandardCharsets.UTF_8);
        MediaItem item = new MediaItem();
        item.id = UUID.randomUUID();
        item.childId = childId;
        item.category = DataCategory.CHAT;
        item.kind = MediaKind.CHAT;
        item.contentType = CHAT_CONTENT_TYPE;
        item.sizeBytes = plaintext.length;
        item.storedAt = clock.instant();
        item.deviceId = deviceId;
        item.chatDirection = direction;
        item.chatCiphertext = AesGcm.seal(key, plaintext, AesGcm.idBytes(item.id));
        item.maskedKinds(masked);
        items.persist(item);
        return item;
    }

    private void requireValid(String text) {
        if (text == null || text.isBlank()) {
            throw ProblemException.badRequest("empty-message", "A chat message needs text.");
        }
        if (text.length() > settings.chat().maxLength()) {
            throw ProblemException.badRequest("message-too-long", "A chat message may be at most " + settings.chat().maxLength() + " characters.");
        }
    }

    /** @param id the message; @param text its text; @param sentAt when the parent sent it */
    public record InboxMessage(UUID id, String text, Instant sentAt) {
    }
}
