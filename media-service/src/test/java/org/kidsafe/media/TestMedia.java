package org.kidsafe.media;

import org.kidsafe.testsupport.HostileImages;
import org.kidsafe.testsupport.PngChunks;
import org.kidsafe.sanitising.OggCrc;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Real media files built in memory for tests: images from javax.imageio, audio assembled by hand. */
final class TestMedia {

    /** A marker string planted in metadata that must never reach storage. */
    static final String SECRET = HostileImages.SECRET;
    private static final int FIRST_STREAM = 0x4b1d5afe;
    private static final int SECOND_STREAM = 0x5ec0d5;
    /** GPS latitude 51/1, 30/1, 2/1 as TIFF rationals (big-endian), as Exif writes them. */
    static final byte[] GPS_LATITUDE = HostileImages.GPS_LATITUDE;

    private TestMedia() {
    }

    /** A noisy image (noise makes the compressed data distinctive). */
    static BufferedImage noise(int width, int height, long seed) {
        return HostileImages.noise(width, height, seed);
    }

    static byte[] jpeg(BufferedImage image) {
        return write(image, "jpg");
    }

    static byte[] png(BufferedImage image) {
        return write(image, "png");
    }

    /** A JPEG with an Exif APP1 segment (GPS IFD with latitude, description) and a COM comment right after SOI. */
    static byte[] jpegWithGps(BufferedImage image) {
        return HostileImages.jpegWithGps(image);
    }

    /** A PNG with tEXt and eXIf chunks after IHDR. */
    static byte[] pngWithText(BufferedImage image) {
        byte[] plain = png(image);
        int afterHeader = 8 + 8 + 13 + 4;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(plain, 0, afterHeader);
        PngChunks.write(out, "tEXt", ("Comment\0" + SECRET).getBytes(StandardCharsets.ISO_8859_1));
        PngChunks.write(out, "eXIf", HostileImages.exifWithGps());
        out.write(plain, afterHeader, plain.length - afterHeader);
        return out.toByteArray();
    }

    /** Only a PNG signature and an IHDR declaring a huge image: a decompression bomb's header. */
    static byte[] pngBomb() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        PngChunks.write(out, "IHDR", ByteBuffer.allocate(13).putInt(100_000).putInt(100_000).put((byte) 8).put((byte) 2).array());
        PngChunks.write(out, "IDAT", new byte[16]);
        PngChunks.write(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** A 16-bit mono WAV with a LIST/INFO chunk naming a secret, and {@code samples} bytes of audio. */
    static byte[] wav(byte[] samples) {
        ByteArrayOutputStream chunks = new ByteArrayOutputStream();
        ByteBuffer format = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) 1).putShort((short) 1).putInt(16000).putInt(32000).putShort((short) 2).putShort((short) 16);
        riffChunk(chunks, "fmt ", format.array());
        byte[] name = (SECRET + "\0").getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        info.writeBytes("INFO".getBytes(StandardCharsets.US_ASCII));
        riffChunk(info, "INAM", name);
        riffChunk(chunks, "LIST", info.toByteArray());
        riffChunk(chunks, "data", samples);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("RIFF".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(4 + chunks.size()).array());
        out.writeBytes("WAVE".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(chunks.toByteArray());
        return out.toByteArray();
    }

    /** An Ogg/Opus stream: OpusHead, OpusTags with a secret comment, one audio page marked end-of-stream. */
    static byte[] oggOpus(byte[] audio) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        oggPage(out, 0x02, FIRST_STREAM, 0, 0, opusHead());
        oggPage(out, 0x00, FIRST_STREAM, 1, 0, opusTags());
        oggPage(out, 0x04, FIRST_STREAM, 2, 48000, audio);
        return out.toByteArray();
    }

    /**
     * An Ogg file multiplexing a second Opus stream, whose own OpusTags (with the secret) follow the first stream's
     * comment page: a sanitizer that rewrites only the second page of the file leaves them in place (issue 18 item 7).
     */
    static byte[] oggOpusWithSecondStream(byte[] audio) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        oggPage(out, 0x02, FIRST_STREAM, 0, 0, opusHead());
        oggPage(out, 0x00, FIRST_STREAM, 1, 0, opusTags());
        oggPage(out, 0x02, SECOND_STREAM, 0, 0, opusHead());
        oggPage(out, 0x00, SECOND_STREAM, 1, 0, opusTags());
        oggPage(out, 0x04, FIRST_STREAM, 2, 48000, audio);
        return out.toByteArray();
    }

    private static byte[] opusHead() {
        ByteBuffer head = ByteBuffer.allocate(19).order(ByteOrder.LITTLE_ENDIAN);
        head.put("OpusHead".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 1).putShort((short) 312).putInt(48000)
                .putShort((short) 0).put((byte) 0);
        return head.array();
    }

    private static byte[] opusTags() {
        byte[] vendor = "test-encoder".getBytes(StandardCharsets.US_ASCII);
        byte[] comment = ("LOCATION=" + SECRET).getBytes(StandardCharsets.US_ASCII);
        ByteBuffer tags = ByteBuffer.allocate(8 + 4 + vendor.length + 4 + 4 + comment.length).order(ByteOrder.LITTLE_ENDIAN);
        tags.put("OpusTags".getBytes(StandardCharsets.US_ASCII)).putInt(vendor.length).put(vendor).putInt(1).putInt(comment.length).put(comment);
        return tags.array();
    }

    private static void oggPage(ByteArrayOutputStream out, int flags, int serial, int sequence, long granule, byte[] packet) {
        int segments = packet.length / 255 + 1;
        ByteBuffer page = ByteBuffer.allocate(27 + segments + packet.length).order(ByteOrder.LITTLE_ENDIAN);
        page.put("OggS".getBytes(StandardCharsets.US_ASCII)).put((byte) 0).put((byte) flags).putLong(granule)
                .putInt(serial).putInt(sequence).putInt(0).put((byte) segments);
        for (int i = 0; i < segments - 1; i++) {
            page.put((byte) 255);
        }
        page.put((byte) (packet.length % 255));
        page.put(packet);
        byte[] bytes = page.array();
        int crc = OggCrc.of(bytes);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(22, crc);
        out.writeBytes(bytes);
    }

    static byte[] random(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        return HostileImages.contains(haystack, needle);
    }

    static boolean contains(byte[] haystack, String needle) {
        return contains(haystack, needle.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void riffChunk(ByteArrayOutputStream out, String id, byte[] data) {
        out.writeBytes(id.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(data.length).array());
        out.writeBytes(data);
        if (data.length % 2 == 1) {
            out.write(0);
        }
    }

    private static byte[] write(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, format, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
