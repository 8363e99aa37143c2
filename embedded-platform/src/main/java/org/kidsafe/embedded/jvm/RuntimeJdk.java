package org.kidsafe.embedded.jvm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The one choice of the JDK that runs KidSafe's service processes and Keycloak (issue 22 item 1: the newest LTS the
 * machine has, JDK 17 the supported floor and fallback). In order:
 * <ol>
 *   <li>{@code KIDSAFE_JAVA_HOME} (environment) or {@code kidsafe.java.home} (system property);</li>
 *   <li>the newest long-term-support JDK (17, 21, 25, then every fourth) of version 17 or later under
 *       {@code /usr/lib/jvm} (or, on macOS, {@code /Library/Java/JavaVirtualMachines}), read from its {@code release}
 *       file: Temurin 25 on the project's machines;</li>
 *   <li>the JDK running this code ({@code java.home}), itself at least 17 (the build's release).</li>
 * </ol>
 * A non-LTS JDK is never picked by itself: the chart's image and the AOT cache the build makes are for one LTS.
 */
public final class RuntimeJdk {

    public static final String ENV = "KIDSAFE_JAVA_HOME";
    public static final String PROPERTY = "kidsafe.java.home";
    /** The supported floor: the services are compiled for it and must run on it. */
    public static final int FLOOR = 17;

    private static final Pattern JAVA_VERSION = Pattern.compile("^JAVA_VERSION=\"(\\d+)(?:\\.(\\d+))?");

    private RuntimeJdk() {
    }

    /** Prints the chosen JDK home: {@code bench/run} runs its harness (the in-process benchmarks) on the services' JDK. */
    public static void main(String[] args) {
        System.out.println(resolve());
    }

    /** The JDK home to run services and Keycloak with. */
    public static Path resolve() {
        String configured = System.getProperty(PROPERTY, System.getenv(ENV));
        if (configured != null && !configured.isBlank()) {
            Path home = Path.of(configured);
            if (!isJdk(home)) {
                throw new IllegalStateException(ENV + "/" + PROPERTY + " points to " + home + ", which has no bin/java");
            }
            return home;
        }
        List<Path> candidates = new ArrayList<>();
        candidates.addAll(children(Path.of("/usr/lib/jvm")));
        children(Path.of("/Library/Java/JavaVirtualMachines")).forEach(jdk -> candidates.add(jdk.resolve("Contents/Home")));
        return newestLts(candidates).orElse(Path.of(System.getProperty("java.home")));
    }

    /** The newest LTS JDK (17 or later) among {@code homes}; on a tie, the first in name order. */
    static java.util.Optional<Path> newestLts(List<Path> homes) {
        return homes.stream()
                .filter(RuntimeJdk::isJdk)
                .filter(jdk -> isLts(majorVersion(jdk)))
                .max(Comparator.comparingInt(RuntimeJdk::majorVersion).thenComparing(Comparator.<Path>reverseOrder()));
    }

    /** 17, 21, 25, 29 ...: the LTS releases from the floor on (OpenJDK's two-year cadence since 17). */
    static boolean isLts(int feature) {
        return feature >= FLOOR && (feature - FLOOR) % 4 == 0;
    }

    /** The feature version of a JDK from its {@code release} file (8 for 1.8), or 0 if unknown. */
    public static int majorVersion(Path javaHome) {
        try (Stream<String> lines = Files.lines(javaHome.resolve("release"))) {
            return lines.map(JAVA_VERSION::matcher)
                    .filter(Matcher::find)
                    .findFirst()
                    .map(m -> {
                        int first = Integer.parseInt(m.group(1));
                        return first == 1 && m.group(2) != null ? Integer.parseInt(m.group(2)) : first;
                    })
                    .orElse(0);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** {@code bin/java} of a JDK home. */
    public static Path java(Path javaHome) {
        return javaHome.resolve("bin").resolve("java");
    }

    private static boolean isJdk(Path home) {
        return Files.isExecutable(java(home));
    }

    private static List<Path> children(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
