package org.kidsafe.testsupport;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The one installer of the Debian packages tests need beyond the JDK (Chromium and Node.js for the privacy-center
 * test, SoftHSM2 and OpenSC for the PKCS#11 KEK provider): a test asks for what it needs and it is installed with
 * apt-get when missing. A fresh machine runs the README's test command as root, so apt-get works there; where it does
 * not, the test FAILS saying what to install. It is never skipped: a green build that hides a missing install step
 * would be a lie (issue 18 item 1).
 */
public final class DebianPackages {

    private static final Map<String, String> NON_INTERACTIVE = Map.of("DEBIAN_FRONTEND", "noninteractive");

    private DebianPackages() {
    }

    /**
     * Makes sure {@code what} is there: if {@code present} says it is not, installs {@code packages} (after an
     * {@code apt-get update} if the first attempt fails, as a fresh machine may have no package lists yet).
     *
     * @throws IllegalStateException if it is still missing afterwards, with the command to run and apt-get's output
     */
    public static synchronized void ensure(String what, BooleanSupplier present, String... packages) {
        if (present.getAsBoolean()) {
            return;
        }
        Commands.Outcome installed = install(packages);
        if (!installed.succeeded()) {
            update();
            installed = install(packages);
        }
        if (!installed.succeeded() || !present.getAsBoolean()) {
            throw new IllegalStateException("The tests need " + what + " and could not install it (exit "
                    + installed.exitCode() + "). As root, run `apt-get install -y " + String.join(" ", packages)
                    + "`, then run the tests again. apt-get said:\n" + installed.output());
        }
    }

    private static void update() {
        try {
            Commands.run(Path.of("."), NON_INTERACTIVE, Duration.ofMinutes(5), "apt-get", "update");
        } catch (UncheckedIOException e) {
            // No apt-get at all: the install that follows says so.
        }
    }

    private static Commands.Outcome install(String... packages) {
        List<String> command = new ArrayList<>(List.of("apt-get", "install", "-y"));
        command.addAll(List.of(packages));
        try {
            return Commands.run(Path.of("."), NON_INTERACTIVE, Duration.ofMinutes(10), command.toArray(String[]::new));
        } catch (UncheckedIOException e) {
            return new Commands.Outcome(-1, e.getMessage() + ": " + e.getCause().getMessage());
        }
    }
}
