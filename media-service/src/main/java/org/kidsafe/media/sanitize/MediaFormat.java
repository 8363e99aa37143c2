package org.kidsafe.media.sanitize;

import org.kidsafe.media.sanitize.MediaKind;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/** The upload formats accepted, recognised by their magic bytes (never by a Content-Type header). */
public enum MediaFormat {
    JPEG(MediaKind.PHOTO, "image/jpeg"),
    PNG(MediaKind.PHOTO, "image/png"),
    OGG_OPUS(MediaKind.VOICE, "audio/ogg"),
    WAV(MediaKind.VOICE, "audio/wav");

    /** Enough leading bytes to tell every format apart. */
    public static final int SNIFF_BYTES = 36;
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private final MediaKind kind;
    private final String contentType;

    MediaFormat(MediaKind kind, String contentType) {
        this.kind = kind;
        this.contentType = contentType;
    }

    public MediaKind kind() {
        return kind;
    }

    public String contentType() {
        return contentType;
    }

    public static Optional<MediaFormat> sniff(byte[] head) {
        if (head.length >= 3 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xd8 && (head[2] & 0xff) == 0xff) {
            return Optional.of(JPEG);
        }
        if (head.length >= 8 && Arrays.equals(head, 0, 8, PNG_SIGNATURE, 0, 8)) {
            return Optional.of(PNG);
        }
        if (head.length >= 12 && ascii(head, 0, 4).equals("RIFF") && ascii(head, 8, 4).equals("WAVE")) {
            return Optional.of(WAV);
        }
        if (head.length >= 36 && ascii(head, 0, 4).equals("OggS") && ascii(head, 28, 8).equals("OpusHead")) {
            return Optional.of(OGG_OPUS);
        }
        return Optional.empty();
    }

    private static String ascii(byte[] bytes, int offset, int length) {
        return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
    }
}
