package org.kidsafe.embedded.keycloak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Chooses the JDK that runs Keycloak (set as {@code JAVA_HOME} of its process). Keycloak 26 runs on
 * Java 17 but prefers 21+, so, in order:
 * <ol>
 *   <li>{@code KIDSAFE_KEYCLOAK_JAVA_HOME} (environment) or {@code kidsafe.keycloak.java.home} (system property);</li>
 *   <li>{@code /usr/lib/jvm/temurin-25-jdk-amd64};</li>
 *   <li>the newest JDK of version 21 or later under {@code /usr/lib/jvm} (or, on macOS,
 *       {@code /Library/Java/JavaVirtualMachines}), read from its {@code release} file;</li>
 *   <li>the JDK running this code ({@code java.home}).</li>
 * </ol>
 */
public final class KeycloakJava {

    public static final String ENV = "KIDSAFE_KEYCLOAK_JAVA_HOME";
    public static final String PROPERTY = "kidsafe.keycloak.java.home";

    private static final Path PREFERRED = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
    private static final Pattern JAVA_VERSION = Pattern.compile("^JAVA_VERSION=\"(\\d+)(?:\\.(\\d+))?");

    private KeycloakJava() {
    }

    public static Path resolve() {
        String configured = System.getProperty(PROPERTY, System.getenv(ENV));
        if (configured != null && !configured.isBlank()) {
            Path home = Path.of(configured);
            if (!isJdk(home)) {
                throw new IllegalStateException(ENV + "/" + PROPERTY + " points to " + home + ", which has no bin/java");
            }
            return home;
        }
        if (isJdk(PREFERRED)) {
            return PREFERRED;
        }
        List<Path> candidates = new ArrayList<>();
        candidates.addAll(children(Path.of("/usr/lib/jvm")));
        children(Path.of("/Library/Java/JavaVirtualMachines")).forEach(jdk -> candidates.add(jdk.resolve("Contents/Home")));
        Optional<Path> newest = candidates.stream()
                .filter(KeycloakJava::isJdk)
                .filter(jdk -> majorVersion(jdk) >= 21)
                .max(Comparator.comparingInt(KeycloakJava::majorVersion));
        return newest.orElse(Path.of(System.getProperty("java.home")));
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

    private static boolean isJdk(Path home) {
        return Files.isExecutable(home.resolve("bin/java"));
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
