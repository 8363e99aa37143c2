package org.kidsafe.embedded.jvm;

import org.kidsafe.embedded.FreePorts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A packaged service's startup archive (issue 22 item 1: start time from AOT/AppCDS, not from a slower compiler): on
 * JDK 25 and later Leyden's AOT cache {@code app.aot} (JEP 483/514, run with {@code -XX:AOTCache}), on 17 to 24 a
 * dynamic AppCDS archive {@code app-cds.jsa} ({@code -XX:SharedArchiveFile}).
 * <p>
 * An archive only works on the very JDK that made it, and the services run on {@link RuntimeJdk}'s choice (Temurin 25)
 * while the build runs on whatever JDK Maven has (17 on CI). Quarkus's own generation
 * ({@code quarkus.package.jar.aot.enabled}) always trains with the build's JDK ({@code java.home} of Maven; "AOT cache
 * generation requires building with JDK 25 or newer"), so the services' build calls {@link #main} instead, right after
 * Quarkus packages them (exec-maven-plugin, {@code package} phase): a training run like Quarkus's own, with the runtime
 * JDK and {@link ServiceJvm}'s options. At build time there is no database, broker or Keycloak: a service with a
 * database is pointed at a port nothing listens on ({@link #trainingOptions}) and stops with an error after most of its
 * start, the gateway is stopped with SIGTERM once started, and the JVM archives what was loaded as it exits. The
 * services are packaged as Quarkus aot-jars (root pom), so the application's classes are on the class path and in the
 * cache, not only the JDK's. A stamp beside the archive names the JDK that made it; {@link #runOptions} uses an
 * archive only with that JDK and only if it is newer than the application.
 */
public final class StartupArchive {

    /** Training runs of one service take a few seconds; a hung one must not hang the build. */
    private static final long TRAINING_TIMEOUT_SECONDS = 300;

    private StartupArchive() {
    }

    /** True when {@code javaHome} makes an AOT cache (JEP 514's one-step {@code -XX:AOTCacheOutput}, JDK 25+). */
    static boolean usesAotCache(Path javaHome) {
        return RuntimeJdk.majorVersion(javaHome) >= 25;
    }

    /** The archive file of an application directory ({@code quarkus-app/}) for a JDK. */
    public static Path archive(Path javaHome, Path appDirectory) {
        return appDirectory.resolve(usesAotCache(javaHome) ? "app.aot" : "app-cds.jsa");
    }

    private static Path stamp(Path archive) {
        return archive.resolveSibling(archive.getFileName() + ".jdk");
    }

    /** What identifies the JDK that made an archive: its home and its exact runtime version. */
    static String jdkIdentity(Path javaHome) {
        String version = "unknown";
        try {
            version = Files.readAllLines(javaHome.resolve("release")).stream()
                    .filter(line -> line.startsWith("JAVA_RUNTIME_VERSION="))
                    .findFirst().orElse("JAVA_RUNTIME_VERSION=unknown");
        } catch (IOException e) {
            // no release file: the home alone identifies it
        }
        return javaHome.toAbsolutePath().normalize() + " " + version;
    }

    /** True when the application's archive was made by {@code javaHome} after the application was last packaged. */
    public static boolean isCurrent(Path javaHome, Path appDirectory) {
        Path archive = archive(javaHome, appDirectory);
        Path stamp = stamp(archive);
        Path jar = appDirectory.resolve("quarkus-run.jar");
        try {
            return Files.isRegularFile(archive) && Files.isRegularFile(stamp) && Files.isRegularFile(jar)
                    && Files.readString(stamp, StandardCharsets.UTF_8).equals(jdkIdentity(javaHome))
                    && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) >= 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** The JVM option that uses the application's archive, or none when there is no current one for this JDK. */
    public static List<String> runOptions(Path javaHome, Path appDirectory) {
        if (!isCurrent(javaHome, appDirectory)) {
            return List.of();
        }
        Path archive = archive(javaHome, appDirectory).toAbsolutePath();
        return List.of((usesAotCache(javaHome) ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + archive);
    }

    /**
     * Makes the archive of one packaged application with {@code javaHome}: a training run with the options the
     * application will run with, then the stamp. Fails with the training run's output.
     */
    public static Path create(Path javaHome, Path appDirectory) {
        Path app = appDirectory.toAbsolutePath().normalize();
        Path archive = archive(javaHome, app);
        Path output = app.resolve("startup-archive-training.log");
        ServiceJvm jvm = ServiceJvm.production();
        List<String> command = new ArrayList<>();
        command.add(RuntimeJdk.java(javaHome).toString());
        command.addAll(jvm.localOptions());
        command.add((usesAotCache(javaHome) ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=") + archive);
        // Never on a port anything else uses: a training run may start completely (the gateway asks its database only per request).
        command.add("-Dquarkus.http.host=127.0.0.1");
        command.add("-Dquarkus.http.port=0");
        command.add("-Dquarkus.management.port=0");
        command.addAll(trainingOptions("127.0.0.1:" + FreePorts.find()));
        command.add("-jar");
        command.add(app.resolve("quarkus-run.jar").toString());
        try {
            Files.deleteIfExists(stamp(archive));
            Files.deleteIfExists(archive);
            ProcessBuilder builder = new ProcessBuilder(command).directory(app.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().putAll(jvm.environment());
            Process training = builder.start();
            awaitEnd(training, output);
            // Without its database, broker and Keycloak the application stops with an error after static
            // initialisation and much of its start (as in Quarkus's own build-time training): what it loaded by then is
            // archived all the same, so only a missing archive is a failure.
            if (!Files.isRegularFile(archive)) {
                throw new IllegalStateException("The training run of " + app + " made no " + archive.getFileName()
                        + " (exit " + training.exitValue() + "):\n" + Files.readString(output, StandardCharsets.UTF_8));
            }
            Files.writeString(stamp(archive), jdkIdentity(javaHome), StandardCharsets.UTF_8);
            return archive;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while training " + app, e);
        }
    }

    /**
     * Where a training run looks for its database and broker ({@code nowhere}: a loopback address and port nothing
     * listens on, so every connection is refused at once and the run never reaches a real server). With a database URL
     * (without one Quarkus deactivates the datasource and the start stops before Hibernate), no schema validation and no
     * migration at start (both need the database), a service gets through Hibernate's boot, its Kafka clients, the
     * scheduler and most of its start before it stops, so the cache holds those classes too (consent-service: an 86 MB
     * cache without these options, 137 MB with them). The gateway, whose database is asked only for a request's rate-limit
     * lease (issue 21 item 1), starts completely and ignores the Hibernate and Kafka keys. The image's training run (deploy/docker/Dockerfile.jvm) passes the same options.
     */
    public static List<String> trainingOptions(String nowhere) {
        return List.of("-Dquarkus.datasource.jdbc.url=jdbc:postgresql://" + nowhere + "/startup-archive-training",
                "-Dquarkus.hibernate-orm.schema-management.strategy=none",
                "-Dquarkus.flyway.migrate-at-start=false",
                "-Dkafka.bootstrap.servers=" + nowhere);
    }

    /**
     * Waits until the training run ends by itself (a service that needs its database stops with an error) or, once it
     * reports itself started (the gateway, which needs its database only per request), stops it with SIGTERM: the JVM writes the archive as it exits.
     */
    private static void awaitEnd(Process training, Path output) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TRAINING_TIMEOUT_SECONDS);
        while (!training.waitFor(200, TimeUnit.MILLISECONDS)) {
            if (System.nanoTime() > deadline) {
                training.destroyForcibly().waitFor();
                throw new IllegalStateException("A training run did not end within " + TRAINING_TIMEOUT_SECONDS
                        + " s; its output: " + output);
            }
            if (Files.readString(output, StandardCharsets.UTF_8).contains(" started in ")) {
                training.destroy();
                if (!training.waitFor(TRAINING_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    training.destroyForcibly().waitFor();
                }
                return;
            }
        }
    }

    /**
     * The build's step: {@code StartupArchive <quarkus-app directory>} makes the archive for {@link RuntimeJdk}'s JDK
     * unless a current one is there (a build that skipped Quarkus's packaging keeps it).
     */
    public static void main(String[] args) {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: StartupArchive <quarkus-app directory>");
        }
        Path app = Path.of(args[0]);
        if (!Files.isRegularFile(app.resolve("quarkus-run.jar"))) {
            System.out.println("StartupArchive: no " + app.resolve("quarkus-run.jar") + ", nothing to do");
            return;
        }
        Path javaHome = RuntimeJdk.resolve();
        if (isCurrent(javaHome, app)) {
            System.out.println("StartupArchive: " + archive(javaHome, app) + " is current");
            return;
        }
        long started = System.nanoTime();
        Path archive = create(javaHome, app);
        System.out.printf("StartupArchive: %s made with %s in %.1f s%n", archive, javaHome,
                (System.nanoTime() - started) / 1e9);
    }
}
