package org.kidsafe.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A SoftHSM2 token (Debian's {@code softhsm2}) for tests of the PKCS#11 KEK provider, in a temporary directory of its
 * own, with keys made and deleted by OpenSC's {@code pkcs11-tool} exactly as the operator steps in deploy/README.md
 * ("KEK in a hardware key store") make them. Both packages are installed by {@link DebianPackages} when missing.
 * <p>
 * SoftHSM2 finds its configuration through the environment variable {@code SOFTHSM2_CONF}, which a JVM cannot set
 * for itself, and the PKCS#11 library reads it once per JVM: a module whose tests use a token sets the variable in its
 * surefire configuration to a file under {@code target}, and this class writes that file, pointing at a fresh
 * temporary token directory, before the first use. One token per test JVM; tests tell their keys apart by label.
 * "Per JVM", not per class loader: a Quarkus test loads this class again, while the native library keeps the token
 * directory it read first, so the token is recorded in system properties (JVM-wide) and found there again.
 */
public final class SoftHsmToken {

    /** Where Debian's softhsm2 package puts the PKCS#11 library. */
    public static final Path LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");
    private static final Pattern SLOT = Pattern.compile("reassigned to slot (\\d+)");
    private static final Duration DEADLINE = Duration.ofMinutes(1);
    private static final String DIRECTORY_PROPERTY = "kidsafe.test.softhsm.directory";
    private static final String SLOT_PROPERTY = "kidsafe.test.softhsm.slot";

    private final Path directory;
    private final long slot;
    private final String pin;
    private final Path pinFile;

    private SoftHsmToken(Path directory, long slot, String pin, Path pinFile) {
        this.directory = directory;
        this.slot = slot;
        this.pin = pin;
        this.pinFile = pinFile;
    }

    /** This JVM's token, created (and SoftHSM2 and OpenSC installed) on the first call. */
    public static SoftHsmToken shared() {
        Properties jvm = System.getProperties();
        synchronized (jvm) {
            if (jvm.getProperty(SLOT_PROPERTY) == null) {
                DebianPackages.ensure("SoftHSM2 (" + LIBRARY + ", softhsm2-util) and OpenSC's pkcs11-tool",
                        () -> Files.isReadable(LIBRARY) && Commands.onPath("softhsm2-util") && Commands.onPath("pkcs11-tool"),
                        "softhsm2", "opensc");
                SoftHsmToken created = create(configuration());
                jvm.setProperty(DIRECTORY_PROPERTY, created.directory.toString());
                jvm.setProperty(SLOT_PROPERTY, Long.toString(created.slot));
            }
            Path directory = Path.of(jvm.getProperty(DIRECTORY_PROPERTY));
            Path pinFile = directory.resolve("pin");
            return new SoftHsmToken(directory, Long.parseLong(jvm.getProperty(SLOT_PROPERTY)), readPin(pinFile), pinFile);
        }
    }

    private static String readPin(Path pinFile) {
        try {
            return Files.readString(pinFile).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the test token's PIN file " + pinFile, e);
        }
    }

    private static Path configuration() {
        String configured = System.getenv("SOFTHSM2_CONF");
        if (configured == null || configured.isBlank()) {
            throw new IllegalStateException("SOFTHSM2_CONF is not set: give the module's maven-surefire-plugin "
                    + "<environmentVariables><SOFTHSM2_CONF>${project.build.directory}/softhsm2/softhsm2.conf</SOFTHSM2_CONF>, "
                    + "so the token lives in a directory of its own and not in the machine's /var/lib/softhsm");
        }
        return Path.of(configured);
    }

    private static SoftHsmToken create(Path configuration) {
        try {
            Path directory = Files.createTempDirectory("kidsafe-softhsm-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteRecursively(directory)));
            Path tokens = Files.createDirectories(directory.resolve("tokens"));
            Files.createDirectories(configuration.toAbsolutePath().getParent());
            Files.writeString(configuration, String.join("\n",
                    "directories.tokendir = " + tokens,
                    "objectstore.backend = file",
                    "log.level = ERROR",
                    "slots.removable = false", ""));
            String pin = randomSecret();
            Commands.Outcome initialised = softHsm(List.of("softhsm2-util", "--init-token", "--free", "--label", "kidsafe-test",
                    "--so-pin", randomSecret(), "--pin", pin), configuration);
            Matcher slot = SLOT.matcher(initialised.output());
            if (!initialised.succeeded() || !slot.find()) {
                throw new IllegalStateException("softhsm2-util could not create a token:\n" + initialised.output());
            }
            Path pinFile = directory.resolve("pin");
            Files.writeString(pinFile, pin + "\n");
            Files.setPosixFilePermissions(pinFile, PosixFilePermissions.fromString("rw-------"));
            return new SoftHsmToken(directory, Long.parseLong(slot.group(1)), pin, pinFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create the SoftHSM2 token directory", e);
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A temporary directory left behind is harmless.
        }
    }

    public Path library() {
        return LIBRARY;
    }

    /** The token's slot id, as {@code kidsafe.kek.pkcs11.slot}. */
    public long slot() {
        return slot;
    }

    /** A file holding the user PIN (with a trailing newline, as an editor or a Kubernetes Secret may leave it). */
    public Path pinFile() {
        return pinFile;
    }

    /** An AES-256 key generated inside the token, sensitive and never extractable: the operator step for a new KEK. */
    public void createKey(String label) {
        tool("--keygen", "--key-type", "AES:32", "--label", label, "--sensitive");
    }

    /**
     * An AES-256 key that may leave the token, what the KEK provider must refuse: in clear, or (if {@code sensitive})
     * only wrapped under another key.
     */
    public void createExtractableKey(String label, boolean sensitive) {
        if (sensitive) {
            tool("--keygen", "--key-type", "AES:32", "--label", label, "--sensitive", "--extractable");
        } else {
            tool("--keygen", "--key-type", "AES:32", "--label", label, "--extractable");
        }
    }

    /** Deletes the key object: the operator step that retires a KEK. */
    public void deleteKey(String label) {
        tool("--delete-object", "--type", "secrkey", "--label", label);
    }

    /** Asks the token for the key's value, as anyone holding the PIN could; true if it answered. */
    public boolean revealsKeyValue(String label) {
        return pkcs11Tool("--read-object", "--type", "secrkey", "--label", label).succeeded();
    }

    private void tool(String... arguments) {
        Commands.Outcome outcome = pkcs11Tool(arguments);
        if (!outcome.succeeded()) {
            throw new IllegalStateException("pkcs11-tool " + String.join(" ", arguments) + " failed:\n" + outcome.output());
        }
    }

    private Commands.Outcome pkcs11Tool(String... arguments) {
        List<String> command = new ArrayList<>(List.of("pkcs11-tool", "--module", LIBRARY.toString(),
                "--slot", Long.toString(slot), "--login", "--pin", pin));
        command.addAll(List.of(arguments));
        return softHsm(command, configuration());
    }

    private static Commands.Outcome softHsm(List<String> command, Path configuration) {
        return Commands.run(Path.of("."), Map.of("SOFTHSM2_CONF", configuration.toString()), DEADLINE, command.toArray(String[]::new));
    }

    private static String randomSecret() {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public String toString() {
        return "SoftHSM2 token in slot " + slot + " under " + directory;
    }
}
