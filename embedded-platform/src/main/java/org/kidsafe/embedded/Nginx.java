package org.kidsafe.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
     * The sign-up limit in front of Keycloak (issue 19 item 1: Keycloak has no registration rate limit of its own), as the
     * chart's sign-up Ingress sets it on ingress-nginx ({@code limit-rpm}, {@code limit-burst-multiplier}, the
     * controller's {@code limit-req-status-code: 429}; deploy/README.md): per client address, on the realm's two
     * registration paths only ({@link SignUpLimit#pathPattern()}), {@code requestsPerMinute} with a burst of {@code requestsPerMinute * burstMultiplier}.
     * Past it nginx answers 429 with an {@code application/problem+json} body and {@code Retry-After}, never reaching
     * Keycloak; sign-in and every other path are not limited here.
     */
    public record SignUpLimit(String realm, int requestsPerMinute, int burstMultiplier) {

        /** The realm's registration form (Keycloak's {@code login-actions/registration}) and the OIDC registrations endpoint. */
        public List<String> paths() {
            return List.of("/realms/" + realm + "/login-actions/registration", "/realms/" + realm + "/protocol/openid-connect/registrations");
        }

        /**
         * Both {@link #paths()} and what Keycloak still serves as them: a trailing slash or more segments, matrix
         * parameters ({@code ;x=1}); an Exact path missed those, so a client bypassed the limit with them. nginx matches
         * it case-insensitively, anchored ({@code ~* "^..."}), as ingress-nginx does a regex path; the chart's sign-up
         * Ingress renders the same pattern (deploy's KeycloakSignUpLimitTest compares them). Realm names are
         * {@code [a-z0-9-]}, nothing to escape.
         */
        public String pathPattern() {
            return "/realms/" + realm + "/(login-actions/registration|protocol/openid-connect/registrations)(/|;|$)";
        }
    }

    /** As {@link #proxying(String, Path)}, with the sign-up limit on Keycloak's registration paths. */
    public static Nginx proxying(String upstreamHostPort, Path directory, SignUpLimit limit) {
        return start(upstreamHostPort, directory, 2, limit);
    }

    /**
     * As {@link #proxying(String, Path)}, with {@code workerProcesses} workers: the gateway benchmark gives nginx one, as
     * many as the gateway's pod has CPUs (issue 22 item 2, a fair gateway / nginx ratio).
     */
    public static Nginx proxying(String upstreamHostPort, Path directory, int workerProcesses) {
        return start(upstreamHostPort, directory, workerProcesses, null);
    }

    private static Nginx start(String upstreamHostPort, Path directory, int workerProcesses, SignUpLimit limit) {
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
                        %6$s
                        server {
                            listen 127.0.0.1:%3$d;
                            location / {
                                %7$s
                            }
                            %8$s
                        }
                    }
                    """.formatted(root, upstreamHostPort, port, UPSTREAM_SOURCE, workerProcesses,
                    limit == null ? "" : signUpZone(limit), PROXY, limit == null ? "" : signUpLocations(limit)));
            Process process = new ProcessBuilder(DEBIAN_BINARY.toString(), "-p", root.toString(), "-c", config.toString())
                    .redirectErrorStream(true).redirectOutput(root.resolve("logs/nginx.out").toFile()).start();
            Nginx nginx = new Nginx(process, port);
            nginx.awaitListening();
            return nginx;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start nginx (apt-get install nginx; bench/run and the end-to-end tests install it)", e);
        }
    }

    /** How every location proxies: to the upstream from {@link #UPSTREAM_SOURCE}, with the client's address overwritten. */
    private static final String PROXY = """
            proxy_pass http://service;
                            proxy_bind %s;
                            proxy_http_version 1.1;
                            proxy_set_header Connection "";
                            proxy_set_header Host $host;
                            proxy_set_header X-Forwarded-For $remote_addr;
                            proxy_set_header X-Forwarded-Proto $scheme;""".formatted(UPSTREAM_SOURCE);

    private static String signUpZone(SignUpLimit limit) {
        return "limit_req_zone $binary_remote_addr zone=sign_up:1m rate=%dr/m;\n    limit_req_status 429;".formatted(limit.requestsPerMinute());
    }

    private static String signUpLocations(SignUpLimit limit) {
        StringBuilder locations = new StringBuilder();
        locations.append("""
                location ~* "^%s" {
                            limit_req zone=sign_up burst=%d nodelay;
                            error_page 429 = @sign_up_limited;
                            %s
                        }
                """.formatted(limit.pathPattern(), limit.requestsPerMinute() * limit.burstMultiplier(), PROXY));
        locations.append("""
                location @sign_up_limited {
                            default_type application/problem+json;
                            add_header Retry-After 60 always;
                            return 429 '{"type":"https://kidsafe.dev/problems/sign-up-rate-limited","title":"Too Many Requests","status":429,"detail":"Too many sign-up attempts from this address. Please try again in a minute."}';
                        }
                """);
        return locations.toString();
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
