package org.kidsafe.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsTest {

    private static final Path ROOT = Path.of("/repo");

    @Test
    void theFullRunRepeatsEnoughForPercentiles() {
        Settings full = Settings.parse(new String[0], ROOT);
        assertFalse(full.quick());
        assertTrue(full.erasureRuns() >= 20, "p95 needs at least 20 runs");
        assertEquals(10_000, full.largeItems());
        assertEquals(Set.copyOf(Settings.BENCHMARKS), full.only());
        assertEquals(ROOT.resolve("bench/target/results"), full.output());
    }

    @Test
    void quickRunsEverythingWithFewerRepetitions() {
        Settings quick = Settings.parse(new String[]{"--quick"}, ROOT);
        assertTrue(quick.quick());
        assertTrue(quick.erasureRuns() < Settings.parse(new String[0], ROOT).erasureRuns());
        assertEquals(Set.copyOf(Settings.BENCHMARKS), quick.only());
    }

    @Test
    void onlyTheNamedBenchmarksAndThePlatformOnlyWhenNeeded() {
        Settings mediaOnly = Settings.parse(new String[]{"--only=media-path"}, ROOT);
        assertTrue(mediaOnly.runs("media-path"));
        assertFalse(mediaOnly.runs("erasure"));
        assertFalse(mediaOnly.needsPlatform(), "the media path runs in-process");
        assertTrue(Settings.parse(new String[]{"--only=media-path,gateway"}, ROOT).needsPlatform());
        assertFalse(Settings.parse(new String[]{"--only=media-path,outbox"}, ROOT).needsPlatform(), "the relay's sends use a broker of their own");
        assertEquals(2, Settings.parse(new String[]{"--large-runs=2"}, ROOT).largeRuns());
    }

    @Test
    void toyIdentitiesAtTheIssuesSizesUnlessToldOtherwise() {
        Settings full = Settings.parse(new String[0], ROOT);
        assertEquals(List.of(1_000, 10_000, 50_000), full.toySizes(), "issue 21 item 4 names these sizes");
        assertTrue(full.toySample() >= 20, "p95 needs at least 20 samples");
        Settings quick = Settings.parse(new String[]{"--quick"}, ROOT);
        assertTrue(quick.toySizes().get(quick.toySizes().size() - 1) < 50_000);
        Settings smoke = Settings.parse(new String[]{"--only=toy-identity", "--toy-sizes=100,500", "--toy-sample=10"}, ROOT);
        assertEquals(List.of(100, 500), smoke.toySizes());
        assertEquals(10, smoke.toySample());
        assertTrue(smoke.needsPlatform());
    }

    @Test
    void refusesToySizesThatAreNotAscending() {
        assertThrows(IllegalArgumentException.class, () -> Settings.parse(new String[]{"--toy-sizes=1000,1000"}, ROOT));
        assertThrows(IllegalArgumentException.class, () -> Settings.parse(new String[]{"--toy-sizes=0,10"}, ROOT));
        assertThrows(IllegalArgumentException.class, () -> Settings.parse(new String[]{"--toy-sample=0"}, ROOT));
    }

    @Test
    void erasureThroughputAtTheIssuesSizeOnOneInstanceUnlessToldOtherwise() {
        Settings full = Settings.parse(new String[0], ROOT);
        assertEquals(1_000, full.erasures(), "issue 21 item 3: 1,000 erasures");
        assertEquals(50, full.inFlight(), "issue 21 item 3: 50 in flight");
        assertEquals(1, full.replicas());
        Settings quick = Settings.parse(new String[]{"--quick"}, ROOT);
        assertTrue(quick.erasures() < full.erasures());
        Settings small = Settings.parse(new String[]{"--only=erasure-throughput", "--erasures=50", "--in-flight=5", "--replicas=2"}, ROOT);
        assertEquals(50, small.erasures());
        assertEquals(5, small.inFlight());
        assertEquals(2, small.replicas());
        assertTrue(small.needsPlatform());
        assertThrows(IllegalArgumentException.class, () -> Settings.parse(new String[]{"--in-flight=0"}, ROOT));
        assertThrows(IllegalArgumentException.class, () -> Settings.parse(new String[]{"--replicas=0"}, ROOT));
    }

    @Test
    void refusesUnknownOptionsAndBenchmarks() {
        assertThrows(IllegalArgumentException.class, () -> Settings.parse(new String[]{"--only=erasure,typo"}, ROOT));
        assertThrows(IllegalArgumentException.class, () -> Settings.parse(new String[]{"--fast"}, ROOT));
    }
}
