package org.kidsafe.embedded.keycloak;

import org.kidsafe.embedded.Directories;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.kidsafe.embedded.FreePorts;
import org.kidsafe.embedded.Pause;
import org.kidsafe.embedded.jvm.RuntimeJdk;
import org.kidsafe.embedded.ServiceDatabase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Keycloak ({@code kc.sh start-dev}) as a child process, with realms imported from JSON, for
 * tests and the local launcher. No Docker.
 *
 * <h2>Folders</h2>
 * <ul>
 *   <li>{@code home}: an unpacked {@code keycloak-quarkus-dist}, used read-only. The build puts it in
 *       {@code embedded-platform/target/keycloak-${keycloak.version}/}; {@link KeycloakDistribution#locate()}
 *       finds it.</li>
 *   <li>{@code workDir}: a folder of this server's own, its Keycloak home. It gets copies of
 *       {@code bin/kc.sh}, {@code conf/}, {@code lib/quarkus-run.jar} and {@code lib/quarkus/} (the output of
 *       Keycloak's build step), symbolic links to the distribution's jars, and {@code themes/}: the distribution's
 *       with {@link KidSafeTheme} added at every start. Keep it across runs
 *       (e.g. under {@code target/}): the build step (about 15-20 s) then runs only on the first start, and a new
 *       folder starts from the build output kept beside the distribution ({@code keycloak-builds/}) when a server
 *       of the same distribution and build options has started before. A work
 *       folder belongs to one set of build options (they are part of its marker; another set starts the folder
 *       over, keeping an H2 store's {@code data/}), so give each store its own folder.</li>
 * </ul>
 *
 * <h2>Stores</h2>
 * <ul>
 *   <li>{@linkplain Builder#database PostgreSQL} ({@link #POSTGRES_BUILD_OPTIONS}): the store of production and of
 *       the embedded platform (issue 21 item 4), a database and login role of Keycloak's own. What is in it stays
 *       across starts; a realm that already exists is not imported again.</li>
 *   <li>In memory ({@link #BUILD_OPTIONS}, the default): {@code data/} is deleted at every start, so every start
 *       imports the realms as given. For the unit-level tests of the realm, which start Keycloak often: it skips
 *       the schema creation a fresh PostgreSQL database costs (see the module README for the figures).</li>
 *   <li>{@linkplain Builder#persistent() H2 file} ({@link #PERSISTENT_BUILD_OPTIONS}): the previous release's local
 *       store, kept only so that {@link KeycloakStoreMigration} can export it.</li>
 * </ul>
 * One server per work folder at a time (a file lock enforces it). The log is {@code workDir/keycloak.log}.
 *
 * <h2>Process</h2>
 * Build-time options are those of the store, so the build step is not re-run. HTTP listens on
 * 127.0.0.1 only, on {@link #httpPort()}; health and metrics on {@link #managementPort()}. {@code JAVA_HOME}
 * of the process comes from {@link RuntimeJdk#resolve()} unless given. {@link #stop()} sends SIGTERM to
 * the process tree, then kills it after a timeout; a JVM shutdown hook does the same if the owner forgets.
 *
 * <p>In dev mode Keycloak takes the issuer from the request's Host header, so everything must use
 * {@link #baseUrl()} ({@code http://127.0.0.1:PORT}), never {@code localhost}.
 */
public final class KeycloakServer implements AutoCloseable {

    /** Build-time options of every start. Changing one re-runs Keycloak's build step in each work folder. */
    public static final List<String> BUILD_OPTIONS = List.of("--db=dev-mem", "--health-enabled=true");

    /**
     * Build-time options of a {@linkplain Builder#persistent() persistent} server: an H2 file database in the
     * work folder's {@code data/}, kept across starts. Its work folder never runs with {@link #BUILD_OPTIONS}.
     */
    public static final List<String> PERSISTENT_BUILD_OPTIONS = List.of("--db=dev-file", "--health-enabled=true");

    /** Lets a non-server command ({@code kc.sh export}) bring an older Keycloak's store to this version's schema first. */
    private static final String MIGRATE_STORE = "--spi-connections-jpa-quarkus-migration-strategy=update";

    /** Build-time options of a server on {@linkplain Builder#database PostgreSQL}, as the Helm chart's Keycloak CR. */
    public static final List<String> POSTGRES_BUILD_OPTIONS = List.of("--db=postgres", "--health-enabled=true");

    /**
     * JVM options of every start unless replaced: none beyond kc.sh's own, so Keycloak runs with the full tiered JIT as
     * its image does in the chart (issue 22 item 1: the benchmarks measure the platform as shipped, token checks and
     * exchanges included).
     */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of();

    private static final String MARKER = ".kidsafe-keycloak";
    private static final String LOCK = ".lock";
    private static final String LOG = "keycloak.log";
    /** Everything that may be in a work folder; anything else means it is not ours to clean. */
    private static final Set<String> OWNED = Set.of(MARKER, LOCK, LOG, "bin", "conf", "lib", "providers", "themes",
            "data", "quarkus-artifact.properties");
    /** Environment of the parent that would change how kc.sh or Keycloak behave. */
    private static final List<String> INHERITED_ENV_PREFIXES = List.of("KC_", "KEYCLOAK_", "QUARKUS_");
    private static final List<String> INHERITED_ENV_NAMES = List.of("JAVA", "JAVA_OPTS", "JAVA_OPTS_KC_HEAP",
            "JAVA_OPTS_APPEND", "JAVA_ADD_OPENS", "JAVA_LOCALE", "DEBUG", "DEBUG_PORT", "DEBUG_SUSPEND", "PRINT_ENV",
            "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path home;
    private final Path workDir;
    private final Path javaHome;
    private final int httpPort;
    private final int managementPort;
    private final String adminUsername;
    private final String adminPassword;
    private final List<Realm> realms;
    private final List<String> extraArgs;
    private final List<String> jvmOptions;
    private final Duration stopTimeout;
    private final boolean persistent;
    private final ServiceDatabase database;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private volatile Process process;
    private FileChannel lockChannel;
    private FileLock lock;
    private Thread shutdownHook;
    private Duration startupTime;
    /** {@link #keptBuild(String)} of this server's work folder, once prepared. */
    private Path keptBuild;

    private record Realm(String name, String json) {
    }

    private KeycloakServer(Builder builder, int httpPort, int managementPort) {
        this.home = builder.home.toAbsolutePath().normalize();
        this.workDir = builder.workDir.toAbsolutePath().normalize();
        this.javaHome = builder.javaHome != null ? builder.javaHome : RuntimeJdk.resolve();
        this.httpPort = httpPort;
        this.managementPort = managementPort;
        this.adminUsername = builder.adminUsername;
        this.adminPassword = builder.adminPassword != null ? builder.adminPassword : UUID.randomUUID().toString();
        this.realms = List.copyOf(builder.realms);
        this.extraArgs = List.copyOf(builder.extraArgs);
        this.jvmOptions = List.copyOf(builder.jvmOptions);
        this.stopTimeout = builder.stopTimeout;
        this.persistent = builder.persistent;
        this.database = builder.database;
    }

    /**
     * Starts Keycloak from the distribution {@code home} in {@code workDir} on {@code httpPort} (0: a free
     * port), imports the realm files, and waits until each realm serves its discovery document.
     */
    public static KeycloakServer start(Path home, Path workDir, int httpPort, Path... realmFiles) {
        Builder builder = builder(home, workDir).httpPort(httpPort);
        Arrays.stream(realmFiles).forEach(builder::realmFile);
        return builder.start();
    }

    public static Builder builder(Path home, Path workDir) {
        return new Builder(home, workDir);
    }

    /** Options of a server; {@link #start()} launches it. */
    public static final class Builder {
        private final Path home;
        private final Path workDir;
        private int httpPort;
        private int managementPort;
        private Path javaHome;
        private String adminUsername = "admin";
        private String adminPassword;
        private final List<Realm> realms = new ArrayList<>();
        private final List<String> extraArgs = new ArrayList<>();
        private final List<String> jvmOptions = new ArrayList<>(DEFAULT_JVM_OPTIONS);
        private Duration startTimeout = Duration.ofMinutes(4);
        private Duration stopTimeout = Duration.ofSeconds(20);
        private boolean persistent;
        private ServiceDatabase database;

        private Builder(Path home, Path workDir) {
            this.home = home;
            this.workDir = workDir;
        }

        /** HTTP port on 127.0.0.1; 0 (default) picks a free one. */
        public Builder httpPort(int port) {
            this.httpPort = port;
            return this;
        }

        /** Management (health) port on 127.0.0.1; 0 (default) picks a free one. */
        public Builder managementPort(int port) {
            this.managementPort = port;
            return this;
        }

        /** JDK of the Keycloak process; default {@link RuntimeJdk#resolve()}. */
        public Builder javaHome(Path javaHome) {
            this.javaHome = javaHome;
            return this;
        }

        /** Bootstrap admin of the master realm; the password defaults to a random one (see {@link #adminPassword()}). */
        public Builder admin(String username, String password) {
            this.adminUsername = username;
            this.adminPassword = password;
            return this;
        }

        /** A realm export file; its {@code realm} field names it. */
        public Builder realmFile(Path file) {
            try {
                return realmJson(Files.readString(file));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read realm file " + file, e);
            }
        }

        /** A realm as JSON text, e.g. {@link DevRealm#json()}. */
        public Builder realmJson(String json) {
            JsonNode realm;
            try {
                realm = JSON.readTree(json);
            } catch (IOException e) {
                throw new IllegalArgumentException("Realm JSON does not parse", e);
            }
            String name = realm.path("realm").asText("");
            if (!name.matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException("Realm JSON needs a plain \"realm\" name, got '" + name + "'");
            }
            if (realms.stream().anyMatch(r -> r.name().equals(name))) {
                throw new IllegalArgumentException("Realm " + name + " given twice");
            }
            realms.add(new Realm(name, json));
            return this;
        }

        /** A realm as a Jackson tree, e.g. {@link KidSafeRealm#renamed}. */
        public Builder realm(ObjectNode realm) {
            return realmJson(KidSafeRealm.toJson(realm));
        }

        /** More {@code kc.sh start-dev} options, e.g. {@code --log-level=org.keycloak.events:debug}. Runtime options only. */
        public Builder arg(String option) {
            this.extraArgs.add(option);
            return this;
        }

        /** JVM options added to kc.sh's own (JAVA_OPTS_APPEND); default {@link #DEFAULT_JVM_OPTIONS}. */
        public Builder jvmOptions(List<String> options) {
            this.jvmOptions.clear();
            this.jvmOptions.addAll(options);
            return this;
        }

        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        public Builder stopTimeout(Duration timeout) {
            this.stopTimeout = timeout;
            return this;
        }

        /**
         * Keeps users, clients and sessions across starts in an H2 file database in the work folder's {@code data/}:
         * the previous release's local store. Only {@link KeycloakStoreMigration} (to export it) and the tests that
         * build a previous release's folder use it; everything else runs on {@link #database PostgreSQL}.
         */
        public Builder persistent() {
            if (database != null) {
                throw new IllegalStateException("A server on PostgreSQL keeps its data there, not in an H2 file");
            }
            this.persistent = true;
            return this;
        }

        /**
         * Keycloak's store: this PostgreSQL database, as its own login role ({@code --db=postgres}), as in production
         * (issue 21 item 4). Users, clients and sessions stay across starts; a realm that already exists in it is not
         * imported again. The password reaches Keycloak in its environment, never on the command line.
         */
        public Builder database(ServiceDatabase database) {
            if (persistent) {
                throw new IllegalStateException("A persistent server keeps its data in an H2 file, not in PostgreSQL");
            }
            this.database = database;
            return this;
        }

        /** Launches Keycloak and waits until it is ready; on failure nothing is left running. */
        public KeycloakServer start() {
            KeycloakServer server = prepare();
            server.launch(startTimeout);
            return server;
        }

        /**
         * Runs {@code kc.sh export} on this (stopped) server's store instead of starting it: the realm named, with its
         * users and their credentials in the one file {@code <realm>-realm.json}, into {@code directory}. How
         * {@link KeycloakStoreMigration} reads the previous release's H2 store.
         */
        public void exportRealm(String realm, Path directory) {
            prepare().export(realm, directory, startTimeout);
        }

        private KeycloakServer prepare() {
            KeycloakDistribution.requireDistribution(home);
            Path distribution = home.toAbsolutePath().normalize();
            Path work = workDir.toAbsolutePath().normalize();
            if (work.startsWith(distribution) || distribution.startsWith(work)) {
                throw new IllegalArgumentException("The work folder " + work + " and the distribution " + distribution
                        + " must not contain one another");
            }
            int http = httpPort != 0 ? httpPort : FreePorts.find();
            int management = managementPort;
            while (management == 0 || management == http) {
                management = FreePorts.find();
            }
            return new KeycloakServer(this, http, management);
        }
    }

    /** {@code http://127.0.0.1:PORT} */
    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** Issuer of the {@code kidsafe} realm: {@code http://127.0.0.1:PORT/realms/kidsafe}. */
    public String issuer() {
        return issuer(KidSafeRealm.NAME);
    }

    public String issuer(String realm) {
        return baseUrl() + "/realms/" + realm;
    }

    /** {@code http://127.0.0.1:MGMT_PORT}, with {@code /health/ready} and {@code /health/live}. */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    public int httpPort() {
        return httpPort;
    }

    public int managementPort() {
        return managementPort;
    }

    public Path home() {
        return home;
    }

    public Path workDir() {
        return workDir;
    }

    public Path logFile() {
        return workDir.resolve(LOG);
    }

    public Path javaHome() {
        return javaHome;
    }

    /** Names of the realms imported at start. */
    public List<String> realms() {
        return realms.stream().map(Realm::name).toList();
    }

    public String adminUsername() {
        return adminUsername;
    }

    public String adminPassword() {
        return adminPassword;
    }

    /** From process start to every realm serving its discovery document. */
    public Duration startupTime() {
        return startupTime;
    }

    public boolean isRunning() {
        Process current = process;
        return current != null && current.isAlive();
    }

    /** A fresh access token of the bootstrap admin (master realm, {@code admin-cli}) for the Admin REST API. */
    public String adminToken() {
        return KeycloakTokens.password(issuer("master"), "admin-cli", adminUsername, adminPassword).accessToken();
    }

    /** SIGTERM to the Keycloak process tree, then SIGKILL after the stop timeout. Idempotent. */
    public synchronized void stop() {
        try {
            terminate(process, stopTimeout);
        } finally {
            process = null;
            removeShutdownHook();
            releaseLock();
        }
    }

    @Override
    public void close() {
        stop();
    }

    private synchronized void launch(Duration startTimeout) {
        try {
            Files.createDirectories(workDir);
            acquireLock();
            prepareWorkDir();
            Path imports = workDir.resolve("data").resolve("import");
            for (Realm realm : realms) {
                // Keycloak insists on <realm>-realm.json for --import-realm.
                Files.writeString(imports.resolve(realm.name() + "-realm.json"), realm.json(), StandardCharsets.UTF_8);
            }
            Instant started = Instant.now();
            process = processBuilder().start();
            process.getOutputStream().close();
            registerShutdownHook();
            awaitReady(started.plus(startTimeout), startTimeout);
            startupTime = Duration.between(started, Instant.now());
            keepBuild();
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException("Keycloak did not start in " + workDir, e);
        } catch (RuntimeException | Error e) {
            stop();
            throw e;
        }
    }

    private synchronized void export(String realm, Path directory, Duration timeout) {
        try {
            Files.createDirectories(workDir);
            acquireLock();
            prepareWorkDir();
            Files.createDirectories(directory);
            List<String> command = new ArrayList<>(List.of("export", "--dir=" + directory.toAbsolutePath(),
                    "--realm=" + realm, "--users=realm_file"));
            // kc.sh export runs in the production profile, so Keycloak rebuilds for it (once, in a folder about to be
            // moved aside) whatever the options; without health it opens no management interface, which it would
            // bind on every interface at port 9000.
            buildOptions().stream().map(option -> option.startsWith("--health-enabled") ? "--health-enabled=false" : option)
                    .forEach(command::add);
            // A store an older Keycloak wrote (the previous release's H2 store was Keycloak 26.5.5's) must be migrated
            // first, and since 26.4.5 Keycloak's non-server commands no longer do it unless told to: without this the
            // export fails with "Database not up-to-date" (issue 21 item 8, found by PreviousReleaseUpgradeIT).
            command.add(MIGRATE_STORE);
            process = processBuilder(command).start();
            process.getOutputStream().close();
            registerShutdownHook();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("Keycloak's export did not end within " + timeout + ". Last lines of "
                        + logFile() + ":\n" + tail(60));
            }
            Path exported = directory.resolve(realm + "-realm.json");
            if (process.exitValue() != 0 || !Files.isRegularFile(exported)) {
                throw new IllegalStateException("Keycloak's export of realm " + realm + " failed (code " + process.exitValue()
                        + "). Last lines of " + logFile() + ":\n" + tail(60));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Keycloak could not export realm " + realm + " from " + workDir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while Keycloak exported realm " + realm, e);
        } finally {
            stop();
        }
    }

    private List<String> buildOptions() {
        if (database != null) {
            return POSTGRES_BUILD_OPTIONS;
        }
        return persistent ? PERSISTENT_BUILD_OPTIONS : BUILD_OPTIONS;
    }

    private ProcessBuilder processBuilder() {
        List<String> command = new ArrayList<>();
        command.add("start-dev");
        command.addAll(buildOptions());
        command.add("--http-host=127.0.0.1");
        command.add("--http-port=" + httpPort);
        command.add("--http-management-port=" + managementPort);
        command.add("--import-realm");
        command.addAll(extraArgs);
        return processBuilder(command);
    }

    private ProcessBuilder processBuilder(List<String> kcArguments) {
        List<String> command = new ArrayList<>();
        command.add("/bin/sh");
        command.add(workDir.resolve("bin").resolve("kc.sh").toString());
        command.addAll(kcArguments);
        if (database != null) {
            command.add("--db-url=" + database.jdbcUrl());
            command.add("--db-username=" + database.username());
        }

        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(logFile().toFile()));
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> INHERITED_ENV_NAMES.contains(name)
                || INHERITED_ENV_PREFIXES.stream().anyMatch(name::startsWith));
        env.put("JAVA_HOME", javaHome.toString());
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", adminUsername);
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
        if (database != null) {
            env.put("KC_DB_PASSWORD", database.password());
        }
        List<String> append = new ArrayList<>(jvmOptions);
        // Java 24+ refuses JBoss Threads' thread-local reset without it; harmless before.
        append.add("--add-opens=java.base/java.lang=ALL-UNNAMED");
        env.put("JAVA_OPTS_APPEND", String.join(" ", append));
        return builder;
    }

    private void awaitReady(Instant deadline, Duration timeout) {
        List<String> names = realms.isEmpty() ? List.of("master") : realms();
        int ready = 0;
        while (true) {
            Process current = process;
            if (current == null || !current.isAlive()) {
                String exit = current == null ? "?" : String.valueOf(current.exitValue());
                throw new IllegalStateException("Keycloak exited (code " + exit + ") before it was ready. Last lines of "
                        + logFile() + ":\n" + tail(60));
            }
            while (ready < names.size() && serves(issuer(names.get(ready)) + "/.well-known/openid-configuration")) {
                ready++;
            }
            if (ready == names.size()) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("Keycloak was not ready within " + timeout + " (realms " + names
                        + "). Last lines of " + logFile() + ":\n" + tail(60));
            }
            Pause.of(Duration.ofMillis(250));
        }
    }

    private boolean serves(String url) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Keycloak", e);
        }
    }

    /** The last lines of the log, for failure messages. */
    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile(), StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(no log: " + e + ")";
        }
    }

    // ---- work folder -------------------------------------------------------------------------------

    private void prepareWorkDir() throws IOException {
        String identity = "home=" + home.toRealPath() + "\nversion=" + KeycloakDistribution.version(home)
                + "\nbuild=" + Files.getLastModifiedTime(home.resolve("lib/quarkus/quarkus-application.dat")).toMillis()
                + "\nlayout=1\noptions=" + String.join(" ", buildOptions()) + "\n";
        keptBuild = keptBuild(identity);
        Path marker = workDir.resolve(MARKER);
        boolean current = Files.isRegularFile(marker) && Files.readString(marker).equals(identity);
        if (!current) {
            try (Stream<Path> children = Files.list(workDir)) {
                List<Path> foreign = children.filter(p -> !OWNED.contains(p.getFileName().toString())).toList();
                if (!foreign.isEmpty()) {
                    throw new IllegalArgumentException(workDir + " holds files that KeycloakServer did not create "
                            + foreign + ": give Keycloak a folder of its own");
                }
            }
            for (String name : OWNED) {
                // An H2 store survives a new distribution or layout: it is the data a migration exports, and dropping it
                // lost every user at a Keycloak upgrade.
                if (!name.equals(LOCK) && !(persistent && name.equals("data"))) {
                    Directories.deleteRecursively(workDir.resolve(name));
                }
            }
            Path bin = Files.createDirectories(workDir.resolve("bin"));
            // A copy, not a link: kc.sh finds its home from its own resolved path.
            Files.copy(home.resolve("bin/kc.sh"), bin.resolve("kc.sh"));
            copyTree(home.resolve("conf"), workDir.resolve("conf"));
            Path lib = Files.createDirectories(workDir.resolve("lib"));
            // Copies: the JVM resolves links on its class path, and the build step rewrites lib/quarkus.
            Files.copy(home.resolve("lib/quarkus-run.jar"), lib.resolve("quarkus-run.jar"));
            copyTree(Files.isDirectory(keptBuild) ? keptBuild : home.resolve("lib/quarkus"), lib.resolve("quarkus"));
            linkOrCopy(lib.resolve("lib"), home.resolve("lib/lib"));
            linkOrCopy(lib.resolve("app"), home.resolve("lib/app"));
            linkOrCopy(workDir.resolve("providers"), home.resolve("providers"));
            Files.writeString(marker, identity);
        }
        // At every start, so a changed theme is served: the distribution's own folder (earlier layouts linked it) and ours.
        Directories.deleteRecursively(workDir.resolve("themes"));
        copyTree(home.resolve("themes"), workDir.resolve("themes"));
        KidSafeTheme.writeTo(workDir.resolve("themes"));
        Directories.deleteRecursively(persistent ? workDir.resolve("data").resolve("import") : workDir.resolve("data"));
        Files.createDirectories(workDir.resolve("data").resolve("import"));
        Files.deleteIfExists(logFile());
    }

    /**
     * Where Keycloak's build output for this distribution and these build options is kept once a server has started
     * with it: {@code keycloak-builds/<digest of the work folder's identity>/} beside the distribution. A new
     * work folder of the same identity starts from it, so the build step (15-20 s, half of a fresh start on a small
     * machine) runs once per distribution and options instead of once per folder (the tests give most servers a new
     * folder, and a fresh clone starts from none).
     */
    private Path keptBuild(String identity) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return home.resolveSibling("keycloak-builds").resolve(HexFormat.of().formatHex(digest, 0, 12));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK has no SHA-256", e);
        }
    }

    /**
     * After a start, when none is kept yet: keeps this folder's build output for the next new folder of the same
     * identity (copied aside, then renamed into place in one step, so a folder never starts from half of it). Only a
     * saving: if the distribution's folder is read-only, or another server kept it first, nothing changes.
     */
    private void keepBuild() {
        if (keptBuild == null || Files.isDirectory(keptBuild)) {
            return;
        }
        Path partial = keptBuild.resolveSibling(keptBuild.getFileName() + "." + UUID.randomUUID() + ".partial");
        try {
            copyTree(workDir.resolve("lib").resolve("quarkus"), partial);
            Files.move(partial, keptBuild, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UnsupportedOperationException e) {
            // the next new folder builds for itself
        } finally {
            try {
                Directories.deleteRecursively(partial);
            } catch (UncheckedIOException ignored) {
                // a leftover .partial folder is never read
            }
        }
    }

    private static void linkOrCopy(Path link, Path target) throws IOException {
        try {
            Files.createSymbolicLink(link, target.toRealPath());
        } catch (UnsupportedOperationException | IOException e) {
            copyTree(target, link);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        if (!Files.exists(from)) {
            Files.createDirectories(to);
            return;
        }
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }


    private void acquireLock() throws IOException {
        FileChannel channel = FileChannel.open(workDir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock acquired;
        try {
            acquired = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            acquired = null;
        }
        if (acquired == null) {
            channel.close();
            throw new IllegalStateException("Another Keycloak already runs in " + workDir + ": give each server its own work folder");
        }
        lockChannel = channel;
        lock = acquired;
    }

    private void releaseLock() {
        try {
            if (lock != null) {
                lock.release();
            }
            if (lockChannel != null) {
                lockChannel.close();
            }
        } catch (IOException ignored) {
            // the lock dies with the channel or the JVM anyway
        } finally {
            lock = null;
            lockChannel = null;
        }
    }

    // ---- process -----------------------------------------------------------------------------------

    private void registerShutdownHook() {
        Process started = process;
        shutdownHook = new Thread(() -> terminate(started, Duration.ofSeconds(10)), "keycloak-stop-" + httpPort);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    private void removeShutdownHook() {
        if (shutdownHook == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
        shutdownHook = null;
    }

    /**
     * kc.sh runs Java as its child (and after Keycloak's build step replaces itself with it), so the whole
     * tree gets SIGTERM; whatever is still alive after the timeout gets SIGKILL.
     */
    private static void terminate(Process process, Duration timeout) {
        if (process == null) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(process.toHandle());
        process.toHandle().descendants().forEach(tree::add);
        tree.forEach(ProcessHandle::destroy);
        if (awaitExit(tree, timeout)) {
            return;
        }
        process.toHandle().descendants().filter(p -> !tree.contains(p)).forEach(tree::add);
        tree.forEach(ProcessHandle::destroyForcibly);
        awaitExit(tree, Duration.ofSeconds(10));
    }

    private static boolean awaitExit(List<ProcessHandle> tree, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        for (ProcessHandle handle : tree) {
            long left = Duration.between(Instant.now(), deadline).toMillis();
            try {
                handle.onExit().get(Math.max(left, 1), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                return false;
            } catch (java.util.concurrent.ExecutionException e) {
                // cannot happen for onExit
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return tree.stream().noneMatch(ProcessHandle::isAlive);
    }
}
