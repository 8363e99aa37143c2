package org.kidsafe.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx as a plain reverse proxy in front of one upstream, configured as the chart's ingress must be
 * (deploy/README.md, "Client addresses behind the ingress"): keep-alive to the upstream, no token checks, no limits,
 * and {@code X-Forwarded-For} OVERWRITTEN with the address nginx sees, because the gateway takes the header's left-most
 * value and an appended header would let a client choose it (issue 17 item 2). The one home of nginx for the
 * benchmarks (what any proxy hop costs) and the end-to-end tests (the gateway behind a trusted proxy); installed by
 * {@code bench/run} or test-support's {@code DebianPackages}, never by this class.
 *
 * <p>nginx connects to the upstream from {@link #UPSTREAM_SOURCE}, a loopback address of its own, so that a local
 * gateway can trust this proxy and still treat every other local client (127.0.0.1, ...) as a direct one.
 */
public final class Nginx implements AutoCloseable {

    /** The address nginx connects to its upstream from (Linux routes all of 127.0.0.0/8 to the loopback interface). */
    public static final String UPSTREAM_SOURCE = "127.0.0.2";
    private static final Path DEBIAN_BINARY = Path.of("/usr/sbin/nginx");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final int port;

    private Nginx(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** True if Debian's nginx is installed (it lives in /usr/sbin, which a non-root PATH may lack). */
    public static boolean installed() {
        return Files.isExecutable(DEBIAN_BINARY);
    }

    /** Starts nginx on a free port of 127.0.0.1, proxying everything to {@code upstreamHostPort}; its files in {@code directory}. */
    public static Nginx proxying(String upstreamHostPort, Path directory) {
        return proxying(upstreamHostPort, directory, 2);
    }

    /**
     * As {@link #proxying(String, Path)}, with {@code workerProcesses} workers: the gateway benchmark gives nginx one, as
     * many as the gateway's pod has CPUs (issue 22 item 2, a fair gateway / nginx ratio).
     */
    public static Nginx proxying(String upstreamHostPort, Path directory, int workerProcesses) {
        int port = FreePorts.find();
        Path root = directory.toAbsolutePath();
        try {
            Files.createDirectories(root.resolve("logs"));
            Path config = root.resolve("nginx.conf");
            Files.writeString(config, """
                    user root;
                    worker_processes %5$d;
                    daemon off;
                    pid %1$s/nginx.pid;
                    error_log %1$s/logs/error.log warn;
                    events { worker_connections 1024; }
                    http {
                        access_log off;
                        client_body_temp_path %1$s/body;
                        proxy_temp_path %1$s/proxy;
                        fastcgi_temp_path %1$s/fastcgi;
                        uwsgi_temp_path %1$s/uwsgi;
                        scgi_temp_path %1$s/scgi;
                        upstream service {
                            server %2$s;
                            keepalive 64;
                        }
                        server {
                            listen 127.0.0.1:%3$d;
                            location / {
                                proxy_pass http://service;
                                proxy_bind %4$s;
                                proxy_http_version 1.1;
                                proxy_set_header Connection "";
                                proxy_set_header Host $host;
                                proxy_set_header X-Forwarded-For $remote_addr;
                                proxy_set_header X-Forwarded-Proto $scheme;
                            }
                        }
                    }
                    """.formatted(root, upstreamHostPort, port, UPSTREAM_SOURCE, workerProcesses));
            Process process = new ProcessBuilder(DEBIAN_BINARY.toString(), "-p", root.toString(), "-c", config.toString())
                    .redirectErrorStream(true).redirectOutput(root.resolve("logs/nginx.out").toFile()).start();
            Nginx nginx = new Nginx(process, port);
            nginx.awaitListening();
            return nginx;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start nginx (apt-get install nginx; bench/run and the end-to-end tests install it)", e);
        }
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Polls nginx's port: accepting a connection is all "started" means here, whatever the upstream answers. */
    private void awaitListening() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                close();
                throw new IllegalStateException("nginx exited at start (see its logs folder)");
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                Pause.of(Duration.ofMillis(100));
            }
        }
        close();
        throw new IllegalStateException("nginx did not listen within " + START_TIMEOUT.toSeconds() + " s");
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while stopping nginx", e);
        }
    }
}
