package org.kidsafe.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Every figure of one {@code bench/run}, in the order measured, written as JSON (for tools) and as
 * Markdown tables (for docs/performance.md). Each row says how many runs its value summarises.
 */
public final class Results {

    /**
     * @param benchmark which of the six (erasure, gateway, media-path, footprint, consent-gating, toy-identity)
     * @param subject   what was measured, e.g. "100 items" or "through the gateway"
     * @param metric    e.g. "receipt p95"
     * @param value     the figure
     * @param unit      ms, req/s, MB/s, ratio, ...
     * @param runs      how many runs the figure summarises
     * @param note      how it was measured or what limits it
     */
    public record Row(String benchmark, String subject, String metric, double value, String unit, int runs, String note) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final Map<String, Object> environment = new LinkedHashMap<>();
    private final Map<String, Object> raw = new LinkedHashMap<>();
    private final Instant startedAt = Instant.now();

    public synchronized void add(String benchmark, String subject, String metric, double value, String unit, int runs, String note) {
        Row row = new Row(benchmark, subject, metric, value, unit, runs, note);
        rows.add(row);
        System.out.printf(Locale.ROOT, "  %-15s %-34s %-28s %12s %-6s (n=%d)%n", benchmark, subject, metric, format(value), unit, runs);
    }

    public synchronized void environment(String key, Object value) {
        environment.put(key, value);
    }

    /** Raw samples behind some rows (e.g. every erasure's timestamps), kept in the JSON under {@code raw} (issue 22 item 2). */
    public synchronized void raw(String name, Object samples) {
        raw.put(name, samples);
    }

    public synchronized List<Row> rows() {
        return List.copyOf(rows);
    }

    /** Writes {@code results-<time>.json} and {@code .md} into the folder; returns the Markdown file. */
    public synchronized Path write(Path folder) {
        String stamp = stamp();
        try {
            Files.createDirectories(folder);
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("startedAt", startedAt.toString());
            document.put("environment", environment);
            document.put("rows", rows);
            document.put("raw", raw);
            new ObjectMapper().registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                    .enable(SerializationFeature.INDENT_OUTPUT).writeValue(folder.resolve("results-" + stamp + ".json").toFile(), document);
            Path markdown = folder.resolve("results-" + stamp + ".md");
            Files.writeString(markdown, markdown());
            return markdown;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Keeps the run's logs (every service, Kafka, Keycloak, PostgreSQL) beside its figures as {@code results-<time>-logs.zip}
     * (issue 22 item 2): a figure that surprises, or a benchmark that fails, is explained from the logs of that very run.
     * Zipped because they are large and repetitive, and because the repository ignores {@code *.log} files.
     *
     * @return the archive, or empty when the run started no platform
     */
    public synchronized Optional<Path> archiveLogs(Path logs, Path folder) {
        if (!Files.isDirectory(logs)) {
            return Optional.empty();
        }
        Path archive = folder.resolve("results-" + stamp() + "-logs.zip");
        try (Stream<Path> files = Files.walk(logs)) {
            Files.createDirectories(folder);
            List<Path> regular = files.filter(Files::isRegularFile).sorted().toList();
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(archive))) {
                for (Path file : regular) {
                    zip.putNextEntry(new ZipEntry(logs.relativize(file).toString()));
                    Files.copy(file, zip);
                    zip.closeEntry();
                }
            }
            return Optional.of(archive);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String stamp() {
        return startedAt.toString().replace(":", "").replaceAll("\\.\\d+", "");
    }

    /** One table per benchmark, preceded by the environment of the run. */
    public synchronized String markdown() {
        StringBuilder out = new StringBuilder("# KidSafe benchmark results, started " + startedAt + "\n\n");
        environment.forEach((key, value) -> out.append("- ").append(key).append(": ").append(value).append('\n'));
        String current = null;
        for (Row row : rows) {
            if (!row.benchmark().equals(current)) {
                current = row.benchmark();
                out.append("\n## ").append(current).append("\n\n| Subject | Metric | Value | Unit | Runs | Note |\n|---|---|---:|---|---:|---|\n");
            }
            out.append("| ").append(row.subject()).append(" | ").append(row.metric()).append(" | ").append(format(row.value()))
                    .append(" | ").append(row.unit()).append(" | ").append(row.runs()).append(" | ").append(row.note()).append(" |\n");
        }
        return out.toString();
    }

    static String format(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        if (magnitude >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
