package org.kidsafe.commons.paging;

import org.kidsafe.commons.problem.ProblemException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.UUID;

/**
 * A position in a list ordered by (time, id): the last item a client has seen. Keyset, not offset, so a page costs the
 * same deep in a million items and an item inserted meanwhile neither repeats nor skips one (issue 20 item 4). Opaque to
 * clients (base64url), and it names nothing they could not already read: ownership is still checked on every call.
 */
public record Cursor(Instant at, UUID id) {

    private static final String VERSION = "1";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    public String encode() {
        return ENCODER.encodeToString((VERSION + "|" + at + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** @throws ProblemException 400 for anything this class did not write */
    public static Cursor decode(String text) {
        try {
            String[] parts = new String(DECODER.decode(text), StandardCharsets.UTF_8).split("\\|", -1);
            if (parts.length == 3 && VERSION.equals(parts[0])) {
                return new Cursor(Instant.parse(parts[1]), UUID.fromString(parts[2]));
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            // answered below, like any other cursor this class did not write
        }
        throw ProblemException.badRequest("invalid-cursor", "The 'after' cursor is not one this API returned; start again without it.");
    }
}
