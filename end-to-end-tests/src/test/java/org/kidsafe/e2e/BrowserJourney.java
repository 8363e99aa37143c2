package org.kidsafe.e2e;

import org.kidsafe.testsupport.Commands;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Runs one Playwright script of {@code src/test/browser} (with {@code browser-journey.mjs}, which they share) in headless
 * Chromium, the way PrivacyCenterIT and SignUpIT drive the platform: the tools installed when missing, the npm
 * dependencies from the lock file, the script's output kept as {@code journey.log} beside its screenshots, and the test
 * failed with that output when any check of the script failed.
 */
final class BrowserJourney {

    private static final Path SOURCES = Path.of(System.getProperty("kidsafe.e2e.browser", "src/test/browser"));
    private static final Path WORK = Path.of(System.getProperty("kidsafe.e2e.browser-work", "target/browser-tests"));
    private static final List<String> SHARED = List.of("package.json", "package-lock.json", "browser-journey.mjs");

    private BrowserJourney() {
    }

    /** Runs {@code script} with {@code environment} plus ARTIFACTS and CHROMIUM; returns when every check passed. */
    static void run(String script, Path artifacts, Map<String, String> environment, Duration timeout) throws IOException {
        Path chromium = BrowserTools.chromium();
        BrowserTools.nodeAndNpm();
        Files.createDirectories(WORK);
        for (String file : SHARED) {
            Files.copy(SOURCES.resolve(file), WORK.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.copy(SOURCES.resolve(script), WORK.resolve(script), StandardCopyOption.REPLACE_EXISTING);
        Commands.Outcome dependencies = Commands.run(WORK, Map.of(), Duration.ofMinutes(3),
                "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");
        assertEquals(0, dependencies.exitCode(), "npm ci failed:\n" + dependencies.output());

        Map<String, String> variables = new HashMap<>(environment);
        variables.put("ARTIFACTS", artifacts.toAbsolutePath().toString());
        variables.put("CHROMIUM", chromium.toString());
        Commands.Outcome outcome = Commands.run(WORK, variables, timeout, "node", script);

        Files.createDirectories(artifacts);
        Files.writeString(artifacts.resolve("journey.log"), outcome.output());
        System.out.println(outcome.output());
        assertEquals(0, outcome.exitCode(), script + " failed (screenshots in " + artifacts.toAbsolutePath() + "):\n"
                + outcome.output());
    }
}
