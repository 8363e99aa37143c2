package org.kidsafe.bench;

import javax.imageio.ImageIO;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * The media the benchmarks upload, made deterministically with the JDK's own encoders (a fixed seed, no file in the
 * repository): photos that compress like a camera's, with the metadata media-service's filters must drop, and a voice
 * clip.
 */
final class SampleMedia {

    private static final int VOICE_SAMPLE_RATE = 8_000;

    private SampleMedia() {
    }

    /** A noisy photo (noise compresses poorly, like a real camera's) with an Exif block for the filter to drop. */
    static byte[] photo(int width, int height) {
        byte[] plain = encode(noisyImage(width, height), "jpeg");
        byte[] exif = ("Exif\0\0" + "GPS and camera metadata ".repeat(800)).getBytes(StandardCharsets.ISO_8859_1);
        int app0End = 4 + ((plain[4] & 0xff) << 8 | (plain[5] & 0xff));
        ByteBuffer withExif = ByteBuffer.allocate(plain.length + 4 + exif.length);
        withExif.put(plain, 0, app0End).put((byte) 0xFF).put((byte) 0xE1).putShort((short) (exif.length + 2)).put(exif)
                .put(plain, app0End, plain.length - app0End);
        return withExif.array();
    }

    static byte[] noisyPng(int width, int height) {
        return encode(noisyImage(width, height), "png");
    }

    /** A WAV voice clip: a 440 Hz tone, 16-bit mono at 8 kHz. */
    static byte[] voiceClip(int milliseconds) {
        int samples = VOICE_SAMPLE_RATE * milliseconds / 1000;
        ByteBuffer pcm = ByteBuffer.allocate(samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < samples; i++) {
            pcm.putShort((short) (8_000 * Math.sin(2 * Math.PI * 440 * i / VOICE_SAMPLE_RATE)));
        }
        AudioFormat format = new AudioFormat(VOICE_SAMPLE_RATE, 16, 1, true, false);
        try (AudioInputStream audio = new AudioInputStream(new ByteArrayInputStream(pcm.array()), format, samples);
             ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            AudioSystem.write(audio, AudioFileFormat.Type.WAVE, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BufferedImage noisyImage(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(42);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int noise = random.nextInt(48);
                image.setRGB(x, y, (x * 200 / width + noise) << 16 | (y * 200 / height + noise) << 8 | random.nextInt(256));
            }
        }
        return image;
    }

    private static byte[] encode(BufferedImage image, String format) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, format, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
