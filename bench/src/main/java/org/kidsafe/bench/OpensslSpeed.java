package org.kidsafe.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code openssl speed -elapsed} for AES-256-GCM on one thread: the media path's reference (issue 22 item 2), and the
 * machine's speed beside every run. On this kind of shared VM one core's speed varied 2.5x between runs on an idle
 * machine (openssl: 5,676 MB/s in one run, 2,261-3,595 MB/s in another), with steal time near zero, so a platform
 * figure means little without the machine's speed measured at the same time (docs/performance.md).
 */
final class OpensslSpeed {

    /** OpenSSL's block size for the comparison, and the block the Java side encrypts. */
    static final int BLOCK = 16 * 1024;
    private static final Pattern RATE = Pattern.compile("(?im)^aes-256-gcm\\s+([\\d.]+)k\\s*$");

    private OpensslSpeed() {
    }

    /** One second of AES-256-GCM on {@link #BLOCK}-byte blocks, one thread, wall time, in MB/s. */
    static double aesGcm() throws IOException, InterruptedException {
        Process process = new ProcessBuilder("openssl", "speed", "-elapsed", "-evp", "aes-256-gcm", "-bytes", Integer.toString(BLOCK),
                "-seconds", "1").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return parse(output);
    }

    /** openssl speed prints thousands of bytes per second, e.g. {@code AES-256-GCM   3456789.12k}; returns MB/s. */
    static double parse(String output) {
        Matcher rate = RATE.matcher(output);
        double last = Double.NaN;
        while (rate.find()) {
            last = Double.parseDouble(rate.group(1)) / 1000;
        }
        if (Double.isNaN(last)) {
            throw new IllegalArgumentException("Not openssl speed output: " + output);
        }
        return last;
    }

    static String version() {
        try {
            Process process = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
