package org.kidsafe.media;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.kidsafe.embedded.FreePorts;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A real S3-compatible server for {@link S3BlobStoreTest}: S3Proxy (in-memory "transient" backend) on a free
 * loopback port, with the test bucket created. It runs as its own JVM from the self-contained jar that the
 * build copies to {@code target/s3proxy/} (its Jetty 12 and jclouds stack would clash with Quarkus's test
 * classpath); its output goes to {@code target/s3proxy/s3proxy-<port>.log}.
 */
public class S3ProxyTestResource implements QuarkusTestResourceLifecycleManager {

    static final String BUCKET = "kidsafe-media-test";
    static final String REGION = "us-east-1";
    private static final String ACCESS_KEY = "kidsafe-test";
    private static final String SECRET_KEY = "kidsafe-test-secret";
    private static final Path HOME = Path.of("target", "s3proxy");

    private Process server;

    @Override
    public Map<String, String> start() {
        int port = FreePorts.find();
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        try {
            Path properties = Files.writeString(HOME.resolve("s3proxy-" + port + ".properties"), String.join("\n",
                    "s3proxy.endpoint=" + endpoint,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + ACCESS_KEY,
                    "s3proxy.credential=" + SECRET_KEY,
                    "jclouds.provider=transient",
                    "jclouds.identity=" + ACCESS_KEY,
                    "jclouds.credential=" + SECRET_KEY));
            String java = ProcessHandle.current().info().command().orElse("java");
            server = new ProcessBuilder(List.of(java, "-Xmx256m", "-jar", HOME.resolve("s3proxy.jar").toString(),
                    "--properties", properties.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(HOME.resolve("s3proxy-" + port + ".log").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start S3Proxy (is target/s3proxy/s3proxy.jar there? run through Maven)", e);
        }
        try (S3Client s3 = client(endpoint)) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreException(SdkClientException.class)
                    .until(() -> {
                        if (!server.isAlive()) {
                            throw new IllegalStateException("S3Proxy exited with " + server.exitValue() + ", see target/s3proxy");
                        }
                        s3.createBucket(b -> b.bucket(BUCKET));
                        return true;
                    });
        }
        return Map.of(
                "kidsafe.media.store.type", "s3",
                "kidsafe.media.store.s3.bucket", BUCKET,
                "kidsafe.media.store.s3.endpoint", endpoint.toString(),
                "kidsafe.media.store.s3.region", REGION,
                "kidsafe.media.store.s3.path-style", "true",
                "kidsafe.media.store.s3.access-key-id", ACCESS_KEY,
                "kidsafe.media.store.s3.secret-access-key", SECRET_KEY);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.destroy();
            try {
                if (!server.waitFor(10, TimeUnit.SECONDS)) {
                    server.destroyForcibly();
                }
            } catch (InterruptedException e) {
                server.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A client of the test server, for looking straight into the bucket. */
    static S3Client client(URI endpoint) {
        return S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(endpoint)
                .region(Region.of(REGION))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }
}
