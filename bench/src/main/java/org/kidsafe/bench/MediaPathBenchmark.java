package org.kidsafe.bench;

import org.kidsafe.events.DataCategory;
import org.kidsafe.media.crypto.SegmentedGcm;
import org.kidsafe.media.storage.BlobKeys;
import org.kidsafe.media.storage.BlobStore;
import org.kidsafe.media.storage.FileSystemBlobStore;
import org.kidsafe.sanitising.ContentFilter;
import org.kidsafe.sanitising.JpegSanitizer;
import org.kidsafe.sanitising.PngSanitizer;

import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * (3) media-service's upload path in-process, with its own classes: the format's metadata filter,
 * segmented AES-256-GCM under a data key, and the file-system blob store, against the same path
 * storing the filtered plaintext, and a plain copy into the store. No HTTP, database or token: the
 * ratio isolates what encryption costs. Then AES-GCM alone against {@code openssl speed}.
 */
final class MediaPathBenchmark {

    private static final String NAME = "media-path";
    private static final int READ_BUFFER = 64 * 1024;
    private static final long WINDOW_NANOS = 1_000_000_000L;
    /** The first round only warms up: long enough for the JIT to compile AES-GCM's intrinsics even on a busy machine. */
    private static final long WARM_UP_NANOS = 4_000_000_000L;
    private static final int OPENSSL_BLOCK = 16 * 1024;
    private static final Pattern OPENSSL_RATE = Pattern.compile("(?im)^aes-256-gcm\\s+([\\d.]+)k\\s*$");
    private static final String ENCRYPTED = "filtered + encrypted (as media-service)";
    private static final String PLAINTEXT = "filtered, stored as plaintext";
    private static final String COPY = "copied as is (no filter, no encryption)";

    private final Settings settings;
    private final Results results;
    private final SecretKey key;

    MediaPathBenchmark(Settings settings, Results results) throws GeneralSecurityException {
        this.settings = settings;
        this.results = results;
        KeyGenerator generator = KeyGenerator.getInstance("AES");
        generator.init(256);
        this.key = generator.generateKey();
    }

    /** One way of storing an upload, writing everything it keeps to the store's stream. */
    private interface Variant {
        void store(InputStream upload, OutputStream blob) throws IOException;
    }

    void run() throws Exception {
        BlobStore store = new FileSystemBlobStore(settings.root().resolve("bench/target/media-path-store"));
        Map<String, byte[]> payloads = new LinkedHashMap<>();
        byte[] jpeg = jpeg();
        byte[] png = png();
        payloads.put("JPEG " + jpeg.length / 1024 + " KiB with Exif", jpeg);
        payloads.put("PNG " + png.length / 1024 + " KiB", png);
        for (Map.Entry<String, byte[]> payload : payloads.entrySet()) {
            boolean isJpeg = payload.getKey().startsWith("JPEG");
            Map<String, Variant> variants = new LinkedHashMap<>();
            variants.put(ENCRYPTED, (in, out) -> {
                SegmentedGcm.EncryptingOutputStream encrypted = SegmentedGcm.encrypt(out, key, UUID.randomUUID());
                filter(isJpeg).copy(in, encrypted);
                encrypted.close();
            });
            variants.put(PLAINTEXT, (in, out) -> filter(isJpeg).copy(in, out));
            variants.put(COPY, InputStream::transferTo);
            compare(store, payload.getKey(), payload.getValue(), variants);
        }
        aesGcm();
    }

    private static ContentFilter filter(boolean jpeg) {
        long maxPixels = 40_000_000L;
        return jpeg ? new JpegSanitizer(maxPixels) : new PngSanitizer(maxPixels);
    }

    private void compare(BlobStore store, String payloadName, byte[] payload, Map<String, Variant> variants) throws IOException {
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        variants.keySet().forEach(name -> rates.put(name, new ArrayList<>()));
        List<Double> ratios = new ArrayList<>();
        List<String> order = new ArrayList<>(variants.keySet());
        for (int round = -1; round < settings.mediaRounds(); round++) {
            Map<String, Double> thisRound = new LinkedHashMap<>();
            for (String name : order) {
                thisRound.put(name, megabytesPerSecond(store, payload, variants.get(name), round < 0 ? WARM_UP_NANOS : WINDOW_NANOS));
            }
            order.add(order.remove(0));
            if (round < 0) {
                continue; // warm-up: the JIT compiles the path
            }
            thisRound.forEach((name, rate) -> rates.get(name).add(rate));
            ratios.add(thisRound.get(ENCRYPTED) / thisRound.get(PLAINTEXT));
        }
        String how = "in-process, one thread, media-service's filter + SegmentedGcm + FileSystemBlobStore (page cache)";
        rates.forEach((name, values) -> results.add(NAME, payloadName, name, Stats.median(values), "MB/s", values.size(), how));
        results.add(NAME, payloadName, "encrypted / plaintext", Stats.median(ratios), "ratio", ratios.size(), "goal >= 0.8; per round");
    }

    /** Uploads the payload again and again for about a second; MB (10^6 bytes) of upload per second. */
    private static double megabytesPerSecond(BlobStore store, byte[] payload, Variant variant, long window) throws IOException {
        UUID child = UUID.randomUUID();
        long bytes = 0;
        long begun = System.nanoTime();
        long elapsed;
        do {
            try (InputStream upload = new BufferedInputStream(new ByteArrayInputStream(payload), READ_BUFFER)) {
                store.write(BlobKeys.item(child, DataCategory.PHOTOS, UUID.randomUUID()), out -> variant.store(upload, out));
            }
            bytes += payload.length;
            elapsed = System.nanoTime() - begun;
        } while (elapsed < window);
        store.deletePrefix(BlobKeys.child(child));
        return bytes / 1e6 / (elapsed / 1e9);
    }

    /** Java's AES-256-GCM as media-service uses it, and on OpenSSL's own block size, against openssl speed. */
    private void aesGcm() throws Exception {
        byte[] plaintext = new byte[8 * 1024 * 1024];
        new Random(1).nextBytes(plaintext);
        List<Double> segmented = new ArrayList<>();
        List<Double> blocks = new ArrayList<>();
        List<Double> openssl = new ArrayList<>();
        for (int round = -1; round < settings.mediaRounds(); round++) {
            long window = round < 0 ? WARM_UP_NANOS : WINDOW_NANOS;
            double segmentedRate = segmentedGcm(plaintext, window);
            double blockRate = javaBlocks(plaintext, window);
            double opensslRate = opensslSpeed();
            if (round >= 0) {
                segmented.add(segmentedRate);
                blocks.add(blockRate);
                openssl.add(opensslRate);
            }
        }
        String subject = "AES-256-GCM encryption";
        results.add(NAME, subject, "Java, SegmentedGcm (64 KiB segments)", Stats.median(segmented), "MB/s", segmented.size(),
                "one thread, into a discarding stream");
        results.add(NAME, subject, "Java, Cipher on 16 KiB blocks", Stats.median(blocks), "MB/s", blocks.size(), "one thread");
        results.add(NAME, subject, "openssl speed -evp aes-256-gcm (16 KiB)", Stats.median(openssl), "MB/s", openssl.size(),
                "one process; OpenSSL " + opensslVersion());
        results.add(NAME, subject, "Java SegmentedGcm / openssl", Stats.median(segmented) / Stats.median(openssl), "ratio", openssl.size(),
                "ratio of medians");
    }

    private double segmentedGcm(byte[] plaintext, long window) throws IOException {
        OutputStream discard = OutputStream.nullOutputStream();
        long bytes = 0;
        long begun = System.nanoTime();
        long elapsed;
        do {
            try (SegmentedGcm.EncryptingOutputStream out = SegmentedGcm.encrypt(discard, key, UUID.randomUUID())) {
                out.write(plaintext);
            }
            bytes += plaintext.length;
            elapsed = System.nanoTime() - begun;
        } while (elapsed < window);
        return bytes / 1e6 / (elapsed / 1e9);
    }

    private double javaBlocks(byte[] plaintext, long window) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        byte[] nonce = new byte[12];
        SecureRandom random = new SecureRandom();
        byte[] sealed = new byte[OPENSSL_BLOCK + 16];
        long bytes = 0;
        long begun = System.nanoTime();
        long elapsed;
        int offset = 0;
        do {
            random.nextBytes(nonce);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            cipher.doFinal(plaintext, offset, OPENSSL_BLOCK, sealed, 0);
            offset = (offset + OPENSSL_BLOCK) % (plaintext.length - OPENSSL_BLOCK);
            bytes += OPENSSL_BLOCK;
            elapsed = System.nanoTime() - begun;
        } while (elapsed < window);
        return bytes / 1e6 / (elapsed / 1e9);
    }

    private static double opensslSpeed() throws IOException, InterruptedException {
        Process process = new ProcessBuilder("openssl", "speed", "-evp", "aes-256-gcm", "-bytes", Integer.toString(OPENSSL_BLOCK),
                "-seconds", "1").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return parseOpensslSpeed(output);
    }

    /** openssl speed prints thousands of bytes per second, e.g. {@code AES-256-GCM   3456789.12k}; returns MB/s. */
    static double parseOpensslSpeed(String output) {
        Matcher rate = OPENSSL_RATE.matcher(output);
        double last = Double.NaN;
        while (rate.find()) {
            last = Double.parseDouble(rate.group(1)) / 1000;
        }
        if (Double.isNaN(last)) {
            throw new IllegalArgumentException("Not openssl speed output: " + output);
        }
        return last;
    }

    private static String opensslVersion() {
        try {
            Process process = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** A noisy photo (noise compresses poorly, like a real camera's) with an Exif block for the filter to drop. */
    static byte[] jpeg() {
        byte[] plain = encode(noisyImage(1600, 1200), "jpeg");
        byte[] exif = ("Exif\0\0" + "GPS and camera metadata ".repeat(800)).getBytes(StandardCharsets.ISO_8859_1);
        int app0End = 4 + ((plain[4] & 0xff) << 8 | (plain[5] & 0xff));
        ByteBuffer withExif = ByteBuffer.allocate(plain.length + 4 + exif.length);
        withExif.put(plain, 0, app0End).put((byte) 0xFF).put((byte) 0xE1).putShort((short) (exif.length + 2)).put(exif)
                .put(plain, app0End, plain.length - app0End);
        return withExif.array();
    }

    static byte[] png() {
        return encode(noisyImage(800, 600), "png");
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
            throw new java.io.UncheckedIOException(e);
        }
    }
}
