package org.kidsafe.launcher;

import org.kidsafe.embedded.Pause;
import org.kidsafe.embedded.jvm.RuntimeJdk;
import org.kidsafe.embedded.jvm.ServiceJvm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One packaged KidSafe service (a Quarkus aot-jar, {@code quarkus-app/quarkus-run.jar}) run as its own operating-system
 * process, as in production: it can be stopped gracefully, killed with SIGKILL, and started again.
 */
public final class ServiceProcess implements AutoCloseable {

    /** System property with JVM options added to the defaults of every service process, e.g. {@code -Xms32m}. */
    public static final String EXTRA_JVM_OPTIONS = "kidsafe.service.jvm-options";
    private static final ServiceJvm JVM = ServiceJvm.production();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path jar;
    private final int port;
    private final int managementPort;
    private final Map<String, String> properties;
    private final Map<String, String> environment;
    private final Path logFile;
    private Process process;

    /**
     * @param port           the public (API) port
     * @param managementPort the management interface's port (health, metrics; issue 17 item 1), which the public port
     *                       does not serve: every readiness wait asks here
     * @param properties     configuration passed as system properties
     * @param environment    configuration passed in the environment: secrets, which {@code ps} must not show
     */
    public ServiceProcess(String name, Path jar, int port, int managementPort, Map<String, String> properties,
                          Map<String, String> environment, Path logFile) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.managementPort = managementPort;
        this.properties = new TreeMap<>(properties);
        this.properties.put("quarkus.http.port", Integer.toString(port));
        this.properties.put("quarkus.http.host", "127.0.0.1");
        this.properties.put("quarkus.management.port", Integer.toString(managementPort));
        this.properties.put("quarkus.management.host", "127.0.0.1");
        this.environment = Map.copyOf(environment);
        this.logFile = logFile;
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return baseUrl(port);
    }

    public int managementPort() {
        return managementPort;
    }

    /** Where health and metrics answer ({@code /q/health}, {@code /q/metrics}); the public port answers 404 there. */
    public String managementUrl() {
        return baseUrl(managementPort);
    }

    /** The loopback URL of a service on {@code port}. */
    static String baseUrl(int port) {
        return "http://127.0.0.1:" + port;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(name + " is not built: " + jar + " is missing (run ./mvnw -B install -DskipTests)");
        }
        // Production's JVM (issue 22 item 1): the chart's pod settings, on the newest LTS JDK, with the build's startup archive.
        List<String> command = new ArrayList<>(JVM.command(RuntimeJdk.resolve(), jar.getParent()));
        // Extra JVM options for every service started from now on (later options win): for tuning and bench/run's footprint variants.
        String extraOptions = System.getProperty(EXTRA_JVM_OPTIONS, "").trim();
        if (!extraOptions.isEmpty()) {
            command.addAll(List.of(extraOptions.split("\\s+")));
        }
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar.toString());
        try {
            Files.createDirectories(logFile.getParent());
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(JVM.environment());
            builder.environment().putAll(environment);
            process = builder
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + name, e);
        }
    }

    /**
     * Runs the process as a task that ends by itself (a Quarkus init task: {@code quarkus.init-and-exit}) and waits for
     * it; fails with the log's tail unless it exits with 0 within {@code timeout}.
     */
    public void runToCompletion(Duration timeout) {
        start();
        Process running;
        synchronized (this) {
            running = process;
        }
        try {
            if (!running.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                kill();
                throw new IllegalStateException(name + " did not finish within " + timeout + ":\n" + ProcessLogs.tail(logFile, 40));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            throw new IllegalStateException(name + " interrupted", e);
        }
        synchronized (this) {
            process = null;
        }
        if (running.exitValue() != 0) {
            throw new IllegalStateException(name + " failed (exit " + running.exitValue() + "):\n" + ProcessLogs.tail(logFile, 40));
        }
    }

    /** Waits until {@code /q/health/ready} answers 200 on the management port; fails with the log's tail if the process dies. */
    public void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!isRunning()) {
                throw new IllegalStateException(name + " exited during start-up:\n" + ProcessLogs.tail(logFile, 40));
            }
            if (isReady()) {
                return;
            }
            Pause.of(Duration.ofMillis(250));
        }
        throw new IllegalStateException(name + " not ready within " + timeout + ":\n" + ProcessLogs.tail(logFile, 40));
    }

    public boolean isReady() {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(managementUrl() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGTERM, then SIGKILL if it does not stop in time. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(Duration.ofSeconds(15).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        process = null;
    }

    /** SIGKILL: the process gets no chance to finish anything, as in a crash. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    public Path logFile() {
        return logFile;
    }

    @Override
    public void close() {
        stop();
    }
}
