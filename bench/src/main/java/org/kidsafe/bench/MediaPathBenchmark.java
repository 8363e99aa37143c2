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
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * (3) media-service's upload path in-process, with its own classes: the format's metadata filter,
 * segmented AES-256-GCM under a data key, and the file-system blob store, against the same path
 * storing the filtered plaintext, and a plain copy into the store. No HTTP, database or token: the
 * ratio isolates what encryption costs. The same again in memory (a discarding sink): the filter
 * alone, the figure of the sanitiser goal, without the file store's write in every denominator.
 * The filter writes into the same kind of stream on both sides, an unsynchronised 64 KiB buffer
 * (SegmentedGcm's segment, or {@link SegmentBuffer} for plaintext), so the ratio does not compare a
 * synchronised sink with an unsynchronised one (issue 22). Then AES-GCM alone against
 * {@code openssl speed -elapsed} on one thread, with the Java figure's thread CPU time beside its wall time.
 */
final class MediaPathBenchmark {

    private static final String NAME = "media-path";
    private static final int READ_BUFFER = 64 * 1024;
    private static final Window MEASURE = new Window(1_000_000_000L, 500_000_000L, 10_000_000_000L);
    /**
     * The first round only warms up: long enough for the JIT to compile AES-GCM's intrinsics even on a busy machine,
     * where 4 s of wall time can be a fraction of a second on the CPU, so it also waits for 2 s of the thread's CPU time.
     */
    private static final Window WARM_UP = new Window(4_000_000_000L, 2_000_000_000L, 30_000_000_000L);
    private static final String ENCRYPTED = "filtered + encrypted (as media-service)";
    private static final String PLAINTEXT = "filtered, stored as plaintext";
    private static final String COPY = "copied as is (no filter, no encryption)";
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

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
        Sink fileStore = new FileStoreSink(new FileSystemBlobStore(settings.root().resolve("bench/target/media-path-store")));
        Map<String, byte[]> payloads = new LinkedHashMap<>();
        byte[] jpeg = SampleMedia.photo(1600, 1200);
        byte[] png = SampleMedia.noisyPng(800, 600);
        payloads.put("JPEG " + jpeg.length / 1024 + " KiB with Exif", jpeg);
        payloads.put("PNG " + png.length / 1024 + " KiB", png);
        for (Sink sink : List.of(fileStore, new MemorySink())) {
            for (Map.Entry<String, byte[]> payload : payloads.entrySet()) {
                boolean isJpeg = payload.getKey().startsWith("JPEG");
                Map<String, Variant> variants = new LinkedHashMap<>();
                variants.put(ENCRYPTED, (in, out) -> {
                    SegmentedGcm.EncryptingOutputStream encrypted = SegmentedGcm.encrypt(out, key, UUID.randomUUID());
                    filter(isJpeg).copy(in, encrypted);
                    encrypted.close();
                });
                variants.put(PLAINTEXT, (in, out) -> {
                    SegmentBuffer buffered = new SegmentBuffer(out);
                    filter(isJpeg).copy(in, buffered);
                    buffered.close();
                });
                variants.put(COPY, InputStream::transferTo);
                compare(sink, payload.getKey(), payload.getValue(), variants);
            }
        }
        aesGcm();
    }

    /** Where an upload goes: media-service's file store, or memory. */
    private interface Sink {
        /** Stores one upload under a new key of the given child. */
        void write(UUID child, Variant variant, InputStream upload) throws IOException;

        void deleteChild(UUID child) throws IOException;

        String describe();
    }

    private record FileStoreSink(BlobStore store) implements Sink {
        @Override
        public void write(UUID child, Variant variant, InputStream upload) throws IOException {
            store.write(BlobKeys.item(child, DataCategory.PHOTOS, UUID.randomUUID()), out -> variant.store(upload, out));
        }

        @Override
        public void deleteChild(UUID child) throws IOException {
            store.deletePrefix(BlobKeys.child(child));
        }

        @Override
        public String describe() {
            return "in-process, one thread, media-service's filter + SegmentedGcm + FileSystemBlobStore (page cache)";
        }
    }

    /** Memory: what the filter and the cipher cost without a store (issue 22's "in memory" goal). */
    private record MemorySink() implements Sink {
        @Override
        public void write(UUID child, Variant variant, InputStream upload) throws IOException {
            variant.store(upload, OutputStream.nullOutputStream());
        }

        @Override
        public void deleteChild(UUID child) {
        }

        @Override
        public String describe() {
            return "in memory (discarding sink), one thread, media-service's filter + SegmentedGcm";
        }
    }

    /**
     * The plaintext side's equivalent of SegmentedGcm's segment: an unsynchronised 64 KiB buffer written to the
     * store's stream in whole segments, so both sides hand the filter the same kind of stream.
     */
    private static final class SegmentBuffer extends OutputStream {

        private final OutputStream sink;
        private final byte[] segment = new byte[SegmentedGcm.SEGMENT_BYTES];
        private int filled;

        SegmentBuffer(OutputStream sink) {
            this.sink = sink;
        }

        @Override
        public void write(int b) throws IOException {
            if (filled == segment.length) {
                flushSegment();
            }
            segment[filled++] = (byte) b;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            while (length > 0) {
                if (filled == segment.length) {
                    flushSegment();
                }
                int chunk = Math.min(length, segment.length - filled);
                System.arraycopy(bytes, offset, segment, filled, chunk);
                filled += chunk;
                offset += chunk;
                length -= chunk;
            }
        }

        @Override
        public void close() throws IOException {
            flushSegment();
            sink.flush();
        }

        private void flushSegment() throws IOException {
            sink.write(segment, 0, filled);
            filled = 0;
        }
    }

    private static ContentFilter filter(boolean jpeg) {
        long maxPixels = 40_000_000L;
        return jpeg ? new JpegSanitizer(maxPixels) : new PngSanitizer(maxPixels);
    }

    private void compare(Sink sink, String payloadName, byte[] payload, Map<String, Variant> variants) throws IOException {
        Map<String, List<Rate>> rates = new LinkedHashMap<>();
        variants.keySet().forEach(name -> rates.put(name, new ArrayList<>()));
        List<Double> ratios = new ArrayList<>();
        List<Double> cpuRatios = new ArrayList<>();
        List<String> order = new ArrayList<>(variants.keySet());
        for (int round = -1; round < settings.mediaRounds(); round++) {
            Map<String, Rate> thisRound = new LinkedHashMap<>();
            for (String name : order) {
                thisRound.put(name, megabytesPerSecond(sink, payload, variants.get(name), round < 0 ? WARM_UP : MEASURE));
            }
            order.add(order.remove(0));
            if (round < 0) {
                continue; // warm-up: the JIT compiles the path
            }
            thisRound.forEach((name, rate) -> rates.get(name).add(rate));
            ratios.add(thisRound.get(ENCRYPTED).wall() / thisRound.get(PLAINTEXT).wall());
            cpuRatios.add(thisRound.get(ENCRYPTED).cpu() / thisRound.get(PLAINTEXT).cpu());
        }
        String subject = payloadName + (sink instanceof MemorySink ? ", in memory" : "");
        rates.forEach((name, values) -> {
            String goal = sink instanceof MemorySink && name.equals(PLAINTEXT) ? "; the sanitiser alone: goal >= 1000 MB/s" : "";
            results.add(NAME, subject, name, Stats.median(values.stream().map(Rate::wall).toList()), "MB/s", values.size(),
                    sink.describe() + "; wall time" + goal);
            results.add(NAME, subject, name + ", per CPU second", Stats.median(values.stream().map(Rate::cpu).toList()), "MB/s",
                    values.size(), "the same bytes over the thread's CPU time (ThreadMXBean)" + goal);
        });
        results.add(NAME, subject, "encrypted / plaintext", Stats.median(ratios), "ratio", ratios.size(), "goal >= 0.8; per round, wall time");
        results.add(NAME, subject, "encrypted / plaintext, CPU time", Stats.median(cpuRatios), "ratio", cpuRatios.size(),
                "per round, the thread's CPU time");
    }

    /** Uploads the payload again and again for about a second; MB (10^6 bytes) of upload per second. */
    private static Rate megabytesPerSecond(Sink sink, byte[] payload, Variant variant, Window window) throws IOException {
        UUID child = UUID.randomUUID();
        long bytes = 0;
        long cpuBegun = THREADS.getCurrentThreadCpuTime();
        long begun = System.nanoTime();
        long elapsed;
        do {
            try (InputStream upload = new BufferedInputStream(new ByteArrayInputStream(payload), READ_BUFFER)) {
                sink.write(child, variant, upload);
            }
            bytes += payload.length;
            elapsed = System.nanoTime() - begun;
        } while (window.open(elapsed, () -> THREADS.getCurrentThreadCpuTime() - cpuBegun));
        long cpu = THREADS.getCurrentThreadCpuTime() - cpuBegun;
        sink.deleteChild(child);
        return rate(bytes, elapsed, cpu);
    }

    /**
     * Java's AES-256-GCM as media-service uses it, and on OpenSSL's own block size, against {@code openssl speed
     * -elapsed} (wall time, like the Java figures: without it openssl divides by its CPU user time, which a busy
     * machine does not slow down), all on one thread. Each Java figure comes with the same bytes over the thread's
     * CPU time, which other processes on the machine do not distort.
     */
    private void aesGcm() throws Exception {
        byte[] plaintext = new byte[8 * 1024 * 1024];
        new Random(1).nextBytes(plaintext);
        List<Rate> segmented = new ArrayList<>();
        List<Rate> blocks = new ArrayList<>();
        List<Double> openssl = new ArrayList<>();
        for (int round = -1; round < settings.mediaRounds(); round++) {
            Window window = round < 0 ? WARM_UP : MEASURE;
            Rate segmentedRate = segmentedGcm(plaintext, window);
            Rate blockRate = javaBlocks(plaintext, window);
            double opensslRate = OpensslSpeed.aesGcm();
            if (round >= 0) {
                segmented.add(segmentedRate);
                blocks.add(blockRate);
                openssl.add(opensslRate);
            }
        }
        String subject = "AES-256-GCM encryption";
        double segmentedWall = Stats.median(segmented.stream().map(Rate::wall).toList());
        results.add(NAME, subject, "Java, SegmentedGcm (64 KiB segments)", segmentedWall, "MB/s", segmented.size(),
                "one thread, into a discarding stream; wall time");
        results.add(NAME, subject, "Java, SegmentedGcm (64 KiB segments), per CPU second", Stats.median(segmented.stream().map(Rate::cpu).toList()),
                "MB/s", segmented.size(), "the same bytes over the thread's CPU time (ThreadMXBean)");
        results.add(NAME, subject, "Java, Cipher on 16 KiB blocks", Stats.median(blocks.stream().map(Rate::wall).toList()), "MB/s", blocks.size(),
                "one thread; wall time");
        results.add(NAME, subject, "Java, Cipher on 16 KiB blocks, per CPU second", Stats.median(blocks.stream().map(Rate::cpu).toList()), "MB/s",
                blocks.size(), "the same bytes over the thread's CPU time");
        results.add(NAME, subject, "openssl speed -elapsed -evp aes-256-gcm (16 KiB)", Stats.median(openssl), "MB/s", openssl.size(),
                "one process, one thread, wall time; OpenSSL " + OpensslSpeed.version());
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < openssl.size(); i++) {
            ratios.add(segmented.get(i).wall() / openssl.get(i));
        }
        results.add(NAME, subject, "Java SegmentedGcm / openssl -elapsed", Stats.median(ratios), "ratio", ratios.size(),
                "goal >= 0.8; per round, both wall time, measured one after the other");
    }

    /**
     * How long one measurement runs: at least {@code wallNanos} of wall time and {@code cpuNanos} of the thread's CPU
     * time, so a busy machine's figure still rests on enough work, and at most {@code maxWallNanos}.
     */
    private record Window(long wallNanos, long cpuNanos, long maxWallNanos) {

        /** The CPU clock is read only once the wall time is up: reading it costs as much as a small block's encryption. */
        boolean open(long wallElapsed, LongSupplier cpuElapsed) {
            return wallElapsed < maxWallNanos && (wallElapsed < wallNanos || cpuElapsed.getAsLong() < cpuNanos);
        }
    }

    /** MB/s over wall time and over the measuring thread's CPU time. */
    private record Rate(double wall, double cpu) {
    }

    private Rate segmentedGcm(byte[] plaintext, Window window) throws IOException {
        OutputStream discard = OutputStream.nullOutputStream();
        long bytes = 0;
        long cpuBegun = THREADS.getCurrentThreadCpuTime();
        long begun = System.nanoTime();
        long elapsed;
        do {
            try (SegmentedGcm.EncryptingOutputStream out = SegmentedGcm.encrypt(discard, key, UUID.randomUUID())) {
                out.write(plaintext);
            }
            bytes += plaintext.length;
            elapsed = System.nanoTime() - begun;
        } while (window.open(elapsed, () -> THREADS.getCurrentThreadCpuTime() - cpuBegun));
        return rate(bytes, elapsed, THREADS.getCurrentThreadCpuTime() - cpuBegun);
    }

    private Rate javaBlocks(byte[] plaintext, Window window) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        byte[] nonce = new byte[12];
        SecureRandom random = new SecureRandom();
        byte[] sealed = new byte[OpensslSpeed.BLOCK + 16];
        long bytes = 0;
        long cpuBegun = THREADS.getCurrentThreadCpuTime();
        long begun = System.nanoTime();
        long elapsed;
        int offset = 0;
        do {
            random.nextBytes(nonce);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            cipher.doFinal(plaintext, offset, OpensslSpeed.BLOCK, sealed, 0);
            offset = (offset + OpensslSpeed.BLOCK) % (plaintext.length - OpensslSpeed.BLOCK);
            bytes += OpensslSpeed.BLOCK;
            elapsed = System.nanoTime() - begun;
        } while (window.open(elapsed, () -> THREADS.getCurrentThreadCpuTime() - cpuBegun));
        return rate(bytes, elapsed, THREADS.getCurrentThreadCpuTime() - cpuBegun);
    }

    private static Rate rate(long bytes, long wallNanos, long cpuNanos) {
        return new Rate(bytes / 1e6 / (wallNanos / 1e9), bytes / 1e6 / (cpuNanos / 1e9));
    }
}
