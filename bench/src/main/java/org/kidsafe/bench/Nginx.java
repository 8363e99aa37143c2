package org.kidsafe.bench;

import org.kidsafe.embedded.FreePorts;
import org.kidsafe.embedded.Pause;

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

/**
 * Debian's nginx as a plain reverse proxy in front of one service (keep-alive to the upstream, no
 * token checks, no limits): the yardstick for what any proxy hop costs on this machine.
 */
final class Nginx implements AutoCloseable {

    private final Process process;
    private final int port;

    private Nginx(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static Nginx proxying(String upstreamHostPort, Path directory) {
        int port = FreePorts.find();
        try {
            Files.createDirectories(directory.resolve("logs"));
            Path config = directory.resolve("nginx.conf");
            Files.writeString(config, """
                    user root;
                    worker_processes 2;
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
                                proxy_http_version 1.1;
                                proxy_set_header Connection "";
                                proxy_set_header Host $host;
                            }
                        }
                    }
                    """.formatted(directory.toAbsolutePath(), upstreamHostPort, port));
            Process process = new ProcessBuilder("nginx", "-p", directory.toAbsolutePath().toString(), "-c", config.toAbsolutePath().toString())
                    .redirectErrorStream(true).redirectOutput(directory.resolve("logs/nginx.out").toFile()).start();
            Nginx nginx = new Nginx(process, port);
            nginx.awaitListening();
            return nginx;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start nginx (bench/run installs it with apt-get install nginx)", e);
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    private void awaitListening() {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plusSeconds(10);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited at start (see its logs folder)");
            }
            try {
                http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/live")).build(), HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException e) {
                Pause.of(Duration.ofMillis(100));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("nginx did not listen within 10 s");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
