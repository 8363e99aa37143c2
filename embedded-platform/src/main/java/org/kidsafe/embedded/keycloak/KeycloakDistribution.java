package org.kidsafe.embedded.keycloak;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the Keycloak server distribution is. The build of this module unpacks
 * {@code org.keycloak:keycloak-quarkus-dist:${keycloak.version}:zip} (maven-dependency-plugin, execution
 * {@code unpack-keycloak}, phase {@code generate-resources}) into
 * <pre>  embedded-platform/target/keycloak-${keycloak.version}/</pre>
 * so it exists after {@code ./mvnw install} (or any build of this module up to {@code generate-resources})
 * and before this module's tests. The distribution is used read-only: {@link KeycloakServer} runs it
 * from a working copy of its own.
 *
 * <p>{@link #locate()} looks, in order, at
 * <ol>
 *   <li>system property {@value #PROPERTY}, then environment variable {@value #ENV};</li>
 *   <li>{@code keycloak-*} beside the classes or jar of this module (its {@code target/} folder), which
 *       covers this module's tests and other modules of the reactor;</li>
 *   <li>{@code target/keycloak-*} and {@code embedded-platform/target/keycloak-*} in the current
 *       folder and its parents, which covers the launcher: it runs a copy of this jar from
 *       {@code launcher/target/lib}, started by {@code ./kidsafe} in the repository root.</li>
 * </ol>
 * If several versions are there, the newest wins.
 */
public final class KeycloakDistribution {

    public static final String PROPERTY = "kidsafe.keycloak.home";
    public static final String ENV = "KIDSAFE_KEYCLOAK_HOME";

    private KeycloakDistribution() {
    }

    public static Path locate() {
        String configured = System.getProperty(PROPERTY, System.getenv(ENV));
        if (configured != null && !configured.isBlank()) {
            Path home = Path.of(configured).toAbsolutePath();
            requireDistribution(home);
            return home;
        }
        List<Path> targets = new ArrayList<>();
        codeLocation().map(Path::getParent).ifPresent(targets::add);
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            targets.add(dir.resolve("target"));
            targets.add(dir.resolve("embedded-platform").resolve("target"));
        }
        for (Path target : targets) {
            Optional<Path> found = newestIn(target);
            if (found.isPresent()) {
                return found.get();
            }
        }
        throw new IllegalStateException("No Keycloak distribution found. Build it with "
                + "'./mvnw -pl embedded-platform generate-resources' (it lands in embedded-platform/target/keycloak-<version>/), "
                + "or set -D" + PROPERTY + " / " + ENV + ". Looked in " + targets);
    }

    /** The version in the distribution's {@code version.txt}, e.g. {@code 26.5.5}. */
    public static String version(Path home) {
        try {
            String text = Files.readString(home.resolve("version.txt")).trim();
            int space = text.lastIndexOf(' ');
            return space < 0 ? text : text.substring(space + 1);
        } catch (IOException e) {
            return "unknown";
        }
    }

    static void requireDistribution(Path home) {
        if (!isDistribution(home)) {
            throw new IllegalArgumentException(home + " is not an unpacked keycloak-quarkus-dist (no bin/kc.sh and lib/quarkus-run.jar). "
                    + "Build it with './mvnw -pl embedded-platform generate-resources'.");
        }
    }

    static boolean isDistribution(Path home) {
        // version.txt also tells a distribution from a KeycloakServer work folder, which has none.
        return Files.isRegularFile(home.resolve("bin/kc.sh")) && Files.isRegularFile(home.resolve("lib/quarkus-run.jar"))
                && Files.isDirectory(home.resolve("lib/quarkus")) && Files.isRegularFile(home.resolve("version.txt"));
    }

    private static Optional<Path> newestIn(Path target) {
        if (!Files.isDirectory(target)) {
            return Optional.empty();
        }
        try (Stream<Path> children = Files.list(target)) {
            return children.filter(p -> p.getFileName().toString().matches("keycloak-\\d+(\\.\\d+)*([.-].*)?"))
                    .filter(KeycloakDistribution::isDistribution)
                    .max(Comparator.comparing(p -> versionKey(p.getFileName().toString().substring("keycloak-".length()))));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Sortable key of a dotted version: 26.5.5 before 26.10.0. */
    private static String versionKey(String version) {
        StringBuilder key = new StringBuilder();
        for (String part : version.split("[.-]")) {
            key.append(part.matches("\\d+") ? String.format("%08d", Long.parseLong(part)) : part).append('.');
        }
        return key.toString();
    }

    private static Optional<Path> codeLocation() {
        try {
            var source = KeycloakDistribution.class.getProtectionDomain().getCodeSource();
            return source == null ? Optional.empty() : Optional.of(Path.of(source.getLocation().toURI()));
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
