package org.kidsafe.testsupport;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Photos as a phone writes them, with the metadata a sanitiser must remove (Exif GPS, a description, a comment), built by
 * hand so tests do not depend on the code under test: media uploads and signed consent forms share them (issue 18 item 2).
 */
public final class HostileImages {

    /** A marker string planted in metadata that must never reach storage. */
    public static final String SECRET = "SECRET-HOME-51.5007N";
    /** GPS latitude 51/1, 30/1, 2/1 as TIFF rationals (big-endian), as Exif writes them. */
    public static final byte[] GPS_LATITUDE = ByteBuffer.allocate(24).putInt(51).putInt(1).putInt(30).putInt(1).putInt(2).putInt(1).array();

    private HostileImages() {
    }

    /** A noisy image (noise makes the compressed data distinctive). */
    public static BufferedImage noise(int width, int height, long seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(seed);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        return image;
    }

    public static byte[] jpeg(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "jpg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A JPEG with an Exif APP1 segment (GPS IFD with latitude, description) and a COM comment right after SOI. */
    public static byte[] jpegWithGps(BufferedImage image) {
        byte[] plain = jpeg(image);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(plain, 0, 2);
        segment(out, 0xe1, exifWithGps());
        segment(out, 0xfe, SECRET.getBytes(StandardCharsets.US_ASCII));
        out.write(plain, 2, plain.length - 2);
        return out.toByteArray();
    }

    /** "Exif\0\0" + big-endian TIFF: IFD0 {ImageDescription, GPSInfo pointer}, GPS IFD {LatitudeRef N, Latitude 51 30 2}. */
    public static byte[] exifWithGps() {
        byte[] description = (SECRET + "\0").getBytes(StandardCharsets.US_ASCII);
        int ifd0 = 8;
        int ifd0Size = 2 + 2 * 12 + 4;
        int descriptionOffset = ifd0 + ifd0Size;
        int gpsIfd = descriptionOffset + description.length;
        int gpsIfdSize = 2 + 2 * 12 + 4;
        int latitudeOffset = gpsIfd + gpsIfdSize;
        ByteBuffer tiff = ByteBuffer.allocate(latitudeOffset + GPS_LATITUDE.length).order(ByteOrder.BIG_ENDIAN);
        tiff.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(ifd0);
        tiff.putShort((short) 2);
        tiff.putShort((short) 0x010e).putShort((short) 2).putInt(description.length).putInt(descriptionOffset);
        tiff.putShort((short) 0x8825).putShort((short) 4).putInt(1).putInt(gpsIfd);
        tiff.putInt(0);
        tiff.put(description);
        tiff.putShort((short) 2);
        tiff.putShort((short) 0x0001).putShort((short) 2).putInt(2).put(new byte[]{'N', 0, 0, 0});
        tiff.putShort((short) 0x0002).putShort((short) 5).putInt(3).putInt(latitudeOffset);
        tiff.putInt(0);
        tiff.put(GPS_LATITUDE);
        ByteArrayOutputStream exif = new ByteArrayOutputStream();
        exif.writeBytes("Exif\0\0".getBytes(StandardCharsets.US_ASCII));
        exif.writeBytes(tiff.array());
        return exif.toByteArray();
    }

    public static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static void segment(ByteArrayOutputStream out, int marker, byte[] payload) {
        out.write(0xff);
        out.write(marker);
        int length = payload.length + 2;
        out.write(length >> 8);
        out.write(length & 0xff);
        out.writeBytes(payload);
    }
}
