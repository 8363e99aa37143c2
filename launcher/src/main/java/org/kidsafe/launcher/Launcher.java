package org.kidsafe.launcher;

import org.kidsafe.embedded.keycloak.RealmUpgrade;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code ./kidsafe up}: starts the whole platform on this machine, prints where to find it, and
 * stops everything on Ctrl-C. Data lives in {@code .kidsafe/} (or {@code $KIDSAFE_HOME}) and
 * survives a restart. {@code KIDSAFE_PORTS=free} picks free ports instead of the documented ones, so a
 * script can start its own platform next to a running one. {@code --replicas=N} runs N instances of each service, the
 * gateway included (issue 21 item 2; default 1, at most {@value Ports#MAX_REPLICAS} on the standard ports).
 */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) throws InterruptedException {
        int replicas = replicas(args);
        Path root = root();
        Path data = dataDirectory();
        routeInProcessLogsTo(data.resolve("logs"));
        Instant begun = Instant.now();
        System.out.println("Starting KidSafe (data in " + data + ", logs in " + data.resolve("logs") + ") ...");
        Platform platform = new Platform(root, data, "free".equals(System.getenv("KIDSAFE_PORTS")) ? Ports.free() : Ports.standard(),
                true, replicas).start();
        String gateway = platform.gatewayUrl();
        reportRealmUpgrade(platform.realmUpgrade());
        System.out.printf("""

                KidSafe is up after %d s.

                  Gateway (the one public API)  %s/api/v1
                  OpenAPI for mobile developers %s/api/openapi
                  Gateway health and metrics    %s/q/metrics  (management port; each service's: its port + 1000)
                  Keycloak (realm kidsafe)      %s  (admin console: %s / %s)
                  Development mail (SMTP %d)  %s
                  Data folder                   %s

                Demo accounts (development realm only):
                  parent             parent.alice@example.com / kidsafe-demo-alice
                  parent             parent.bob@example.com   / kidsafe-demo-bob
                  compliance officer officer.carol@example.com / kidsafe-demo-carol, at kidsafe-officer-console only,
                                     with a one-time code (authenticator app key: NNUWI43BMZSS2ZDFNVXS2Y3BOJXWYLLPORYA)

                %s
                Try the parent journey in another terminal:  ./kidsafe demo
                Press Ctrl-C to stop everything.
                """,
                Duration.between(begun, Instant.now()).toSeconds(), gateway, gateway,
                platform.service(Platform.GATEWAY).managementUrl(), platform.keycloak().baseUrl(),
                platform.keycloak().adminUsername(), platform.keycloak().adminPassword(), platform.mailbox().smtpPort(), platform.mailbox().webUrl(), data,
                replicas == 1 ? "" : replicasNote(platform));
        Thread.currentThread().join();
    }

    /**
     * {@code --replicas=N} among the arguments of {@code ./kidsafe up}, 1 without it: how many instances of each service
     * to run. Anything else is refused, so a typo does not start a platform other than the one asked for.
     */
    static int replicas(String[] args) {
        int replicas = 1;
        for (String arg : args) {
            if (!arg.startsWith("--replicas=")) {
                throw new IllegalArgumentException("Unknown argument " + arg + " (./kidsafe up [--replicas=N])");
            }
            try {
                replicas = Integer.parseInt(arg.substring("--replicas=".length()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--replicas takes a number, not " + arg.substring("--replicas=".length()));
            }
            if (replicas < 1 || replicas > Ports.MAX_REPLICAS) {
                throw new IllegalArgumentException("--replicas must be between 1 and " + Ports.MAX_REPLICAS + ", not " + replicas);
            }
        }
        return replicas;
    }

    /** Where the further instances are: every gateway serves the same API, so a client may use any of them. */
    private static String replicasNote(Platform platform) {
        StringBuilder note = new StringBuilder("Instances of each service (the gateways balance over all of them; any gateway serves the whole API):\n");
        for (String service : Platform.SERVICES) {
            note.append(String.format("  %-16s %s%n", service,
                    String.join("  ", platform.instances(service).stream().map(ServiceProcess::baseUrl).toList())));
        }
        return note.toString();
    }

    /** Tells what bringing a kept realm to this release did, when it did anything. */
    private static void reportRealmUpgrade(RealmUpgrade.Outcome upgrade) {
        if (upgrade == null || upgrade.skipped() || upgrade.changes().isEmpty() && upgrade.kept().isEmpty()) {
            return;
        }
        System.out.println("Realm kidsafe brought to this release (" + upgrade.changes().size() + " changes, users and passwords kept): "
                + String.join("; ", upgrade.changes()));
        upgrade.kept().forEach(kept -> System.out.println("  kept until ./kidsafe toys migrate --phase=finish: " + kept));
    }

    static Path root() {
        return Path.of(System.getProperty("kidsafe.root", ".")).toAbsolutePath().normalize();
    }

    /** The local data folder: {@code $KIDSAFE_HOME}, or {@code .kidsafe/} in the repository. */
    static Path dataDirectory() {
        String home = System.getenv("KIDSAFE_HOME");
        return home == null || home.isBlank() ? root().resolve(".kidsafe") : Path.of(home);
    }

    /** Kafka runs inside the launcher: its logs go to a file, warnings and worse only. */
    private static void routeInProcessLogsTo(Path logs) {
        try {
            java.nio.file.Files.createDirectories(logs);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        System.setProperty("slf4j.provider", "org.slf4j.simple.SimpleServiceProvider");
        System.setProperty("org.slf4j.simpleLogger.logFile", logs.resolve("launcher.log").toString());
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
    }
}
