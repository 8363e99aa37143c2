package org.kidsafe.embedded.jvm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Production's service JVM (issue 22 item 1): the rule, the flags, the JDK choice and when an archive is used. */
class ServiceJvmTest {

    private final ServiceJvm jvm = ServiceJvm.production();

    @Test
    void theHeapIsThePodsPercentageOfThePodsLimitNotOfThisMachine() {
        assertEquals(jvm.memoryLimitMib() * 75 / 100, jvm.maxHeapMib());
        assertEquals(384, jvm.maxHeapMib(), "512 MiB x 75 %");
        assertTrue(jvm.localOptions().contains("-Xmx384m"), jvm.localOptions().toString());
        assertTrue(jvm.podOptions().contains("-XX:MaxRAMPercentage=75.0"), jvm.podOptions().toString());
    }

    @Test
    void podAndLocalProcessDifferOnlyInHowTheMaximumHeapIsGiven() {
        assertEquals(jvm.podOptions().subList(1, jvm.podOptions().size()), jvm.localOptions().subList(1, jvm.localOptions().size()));
        assertEquals(List.of("-Xms16m", "-XX:+UseSerialGC", "-XX:ActiveProcessorCount=1"), jvm.localOptions().subList(1, 4));
    }

    @Test
    void fullTieredJitAndFewMallocArenas() {
        assertTrue(jvm.localOptions().stream().noneMatch(option -> option.contains("TieredStopAtLevel")));
        assertEquals(Map.of("MALLOC_ARENA_MAX", "2"), jvm.environment());
    }

    /** What glibc keeps of the memory the JVM frees (the JIT's start-up arenas) is given back, in the pod and locally. */
    @Test
    void theNativeHeapIsTrimmedPeriodically() {
        assertTrue(jvm.podOptions().contains("-XX:TrimNativeHeapInterval=5000"), jvm.podOptions().toString());
        assertTrue(jvm.localOptions().contains("-XX:TrimNativeHeapInterval=5000"), jvm.localOptions().toString());
    }

    @Test
    void theNewestLtsJdkIsChosenNeverANewerNonLts(@TempDir Path dir) throws IOException {
        Path jdk17 = fakeJdk(dir.resolve("java-17"), "17.0.15");
        Path jdk21 = fakeJdk(dir.resolve("jdk-21"), "21.0.5");
        fakeJdk(dir.resolve("jdk-24"), "24.0.1");
        Path jdk25 = fakeJdk(dir.resolve("temurin-25"), "25.0.1");
        fakeJdk(dir.resolve("jdk-11"), "11.0.2");
        assertEquals(jdk25, RuntimeJdk.newestLts(List.of(jdk17, dir.resolve("jdk-24"), jdk25, jdk21, dir.resolve("jdk-11"))).orElseThrow());
        assertEquals(jdk21, RuntimeJdk.newestLts(List.of(jdk17, jdk21, dir.resolve("jdk-24"))).orElseThrow());
        assertTrue(RuntimeJdk.newestLts(List.of(dir.resolve("jdk-11"))).isEmpty(), "below the floor of 17");
    }

    @Test
    void anArchiveIsUsedOnlyWithTheJdkThatMadeItAndOnlyIfNewerThanTheApplication(@TempDir Path dir) throws IOException {
        Path jdk25 = fakeJdk(dir.resolve("jdk-25"), "25.0.1");
        Path jdk17 = fakeJdk(dir.resolve("jdk-17"), "17.0.15");
        Path app = Files.createDirectories(dir.resolve("quarkus-app"));
        Path jar = Files.writeString(app.resolve("quarkus-run.jar"), "jar");
        assertEquals(List.of(), StartupArchive.runOptions(jdk25, app), "no archive yet");

        Path aot = Files.writeString(app.resolve("app.aot"), "cache");
        Files.writeString(app.resolve("app.aot.jdk"), StartupArchive.jdkIdentity(jdk25));
        assertEquals(List.of("-XX:AOTCache=" + aot.toAbsolutePath()), StartupArchive.runOptions(jdk25, app));
        assertEquals(List.of(), StartupArchive.runOptions(jdk17, app), "JDK 17 uses AppCDS, and has none");

        Files.writeString(app.resolve("app.aot.jdk"), StartupArchive.jdkIdentity(jdk17));
        assertEquals(List.of(), StartupArchive.runOptions(jdk25, app), "made by another JDK");

        Files.writeString(app.resolve("app.aot.jdk"), StartupArchive.jdkIdentity(jdk25));
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(aot).toMillis() + 60_000));
        assertFalse(StartupArchive.isCurrent(jdk25, app), "the application was packaged again after the archive");

        Path cds = Files.writeString(app.resolve("app-cds.jsa"), "archive");
        Files.writeString(app.resolve("app-cds.jsa.jdk"), StartupArchive.jdkIdentity(jdk17));
        Files.setLastModifiedTime(cds, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 1_000));
        assertEquals(List.of("-XX:SharedArchiveFile=" + cds.toAbsolutePath()), StartupArchive.runOptions(jdk17, app));
    }

    @Test
    void aLocalServiceRunsOnTheChosenJdkWithTheLocalOptions(@TempDir Path dir) throws IOException {
        Path jdk = fakeJdk(dir.resolve("jdk-25"), "25.0.1");
        List<String> command = jvm.command(jdk, Files.createDirectories(dir.resolve("quarkus-app")));
        assertEquals(jdk.resolve("bin/java").toString(), command.get(0));
        assertEquals(jvm.localOptions(), command.subList(1, command.size()));
    }

    private static Path fakeJdk(Path home, String version) throws IOException {
        Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\nJAVA_RUNTIME_VERSION=\"" + version + "+1\"\n");
        return home;
    }
}
