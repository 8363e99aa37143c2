package org.kidsafe.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs Debian's wrk against one URL and reads its summary. */
final class Wrk {

    private static final Pattern REQUESTS_PER_SECOND = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
    private static final Pattern PERCENTILE = Pattern.compile("^\\s+(\\d+)%\\s+([\\d.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern SOCKET_ERRORS = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in");

    /** One wrk run's summary; {@code failed} counts non-2xx answers and socket errors. */
    record Summary(double requestsPerSecond, double p50Ms, double p99Ms, long requests, long failed) {
    }

    private Wrk() {
    }

    static Summary run(String url, String token, int connections, Duration duration) {
        List<String> command = new ArrayList<>(List.of("wrk", "-t2", "-c" + connections, "-d" + duration.toSeconds() + "s", "--latency"));
        if (token != null) {
            command.add("-H");
            command.add("Authorization: Bearer " + token);
        }
        command.add(url);
        return run(command);
    }

    /** Like {@link #run(String, String, int, Duration)}, each request with the next token of {@code tokens}, round robin. */
    static Summary run(String url, TokenRotation tokens, int connections, Duration duration) {
        return run(new ArrayList<>(List.of("wrk", "-t2", "-c" + connections, "-d" + duration.toSeconds() + "s", "--latency",
                "-s", tokens.script().toString(), url)));
    }

    /**
     * The same, an answer counted as a timeout (a failure, left out of the latencies) only after {@code timeout} instead
     * of wrk's 2 s: uploads on a loaded machine take longer without failing.
     */
    static Summary run(String url, TokenRotation tokens, int connections, Duration duration, Duration timeout) {
        return run(new ArrayList<>(List.of("wrk", "-t2", "-c" + connections, "-d" + duration.toSeconds() + "s", "--latency",
                "--timeout", timeout.toSeconds() + "s", "-s", tokens.script().toString(), url)));
    }

    private static Summary run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("wrk failed: " + output);
            }
            return parse(output);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run wrk (bench/run installs it with apt-get install wrk)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Summary parse(String output) {
        Matcher rate = REQUESTS_PER_SECOND.matcher(output);
        Matcher total = TOTAL.matcher(output);
        if (!rate.find() || !total.find()) {
            throw new IllegalArgumentException("Not a wrk summary: " + output);
        }
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        Matcher percentile = PERCENTILE.matcher(output);
        while (percentile.find()) {
            double millis = toMillis(Double.parseDouble(percentile.group(2)), percentile.group(3));
            switch (percentile.group(1)) {
                case "50" -> p50 = millis;
                case "99" -> p99 = millis;
                default -> {
                }
            }
        }
        long failed = 0;
        Matcher non2xx = NON_2XX.matcher(output);
        if (non2xx.find()) {
            failed += Long.parseLong(non2xx.group(1));
        }
        Matcher socket = SOCKET_ERRORS.matcher(output);
        if (socket.find()) {
            for (int group = 1; group <= 4; group++) {
                failed += Long.parseLong(socket.group(group));
            }
        }
        return new Summary(Double.parseDouble(rate.group(1)), p50, p99, Long.parseLong(total.group(1)), failed);
    }

    private static double toMillis(double value, String unit) {
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "us" -> value / 1000;
            case "ms" -> value;
            case "s" -> value * 1000;
            default -> throw new IllegalArgumentException(unit);
        };
    }
}
