package org.kidsafe.gateway.proxy;

import io.smallrye.stork.Stork;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kidsafe.embedded.LocalCertificateAuthority;
import org.kidsafe.gateway.config.GatewaySettings;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The gateway reaches a service over HTTPS only if the service's certificate chains to the CA it is configured to trust
 * ({@code kidsafe.gateway.services-trusted-certificates}, issue 17 item 4): the chart's services present cert-manager
 * certificates of the release's issuer, and a server with a certificate of any other CA is refused in the handshake.
 * An {@code https://} service URL never falls back to plaintext: a server that answers plain HTTP on it is refused.
 * Real servers (Vert.x, one HTTPS with certificates of embedded-platform's local CA, one plain HTTP); no Quarkus
 * application.
 */
class DownstreamTlsTest {

    @TempDir
    static Path work;
    private static Vertx vertx;
    private static HttpServer server;
    private static HttpServer plainServer;
    private static LocalCertificateAuthority serviceCa;

    @BeforeAll
    static void startAnHttpsService() throws Exception {
        vertx = Vertx.vertx();
        serviceCa = LocalCertificateAuthority.in(work.resolve("issuer"));
        LocalCertificateAuthority.ServerCertificate certificate = serviceCa.serverCertificate("service");
        server = vertx.createHttpServer(new HttpServerOptions().setSsl(true).setHost("127.0.0.1").setPort(0)
                        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(certificate.certificateChain().toString())
                                .setKeyPath(certificate.privateKey().toString())))
                .requestHandler(request -> request.response().end("served over TLS"))
                .listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        plainServer = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .requestHandler(request -> request.response().end("served in plaintext"))
                .listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        Stork.shutdown();
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    @Test
    void aServiceWhoseCertificateChainsToTheTrustedCaIsReached() throws Exception {
        Downstream service = downstream(Optional.of(serviceCa.certificateFile()));
        Downstream.Reply reply = service.fetch("/q/openapi", MultiMap.caseInsensitiveMultiMap())
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertEquals(200, reply.status());
        assertEquals("served over TLS", reply.body().toString());
    }

    @Test
    void aServiceWithACertificateOfAnotherCaIsRefused() {
        Path anotherCa = LocalCertificateAuthority.in(work.resolve("another-ca")).certificateFile();
        Downstream service = downstream(Optional.of(anotherCa));
        ExecutionException refused = assertThrows(ExecutionException.class, () -> service.fetch("/q/openapi",
                MultiMap.caseInsensitiveMultiMap()).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
        assertInstanceOf(SSLHandshakeException.class, refused.getCause(), () -> "a failed handshake: " + refused.getCause());
    }

    @Test
    void withoutAConfiguredCaOnlyTheJvmsTrustStoreCountsSoAPrivateCaIsRefused() {
        Downstream service = downstream(Optional.empty());
        ExecutionException refused = assertThrows(ExecutionException.class, () -> service.fetch("/q/openapi",
                MultiMap.caseInsensitiveMultiMap()).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
        assertInstanceOf(SSLHandshakeException.class, refused.getCause(), () -> "a failed handshake: " + refused.getCause());
    }

    @Test
    void anHttpsServiceUrlServedInPlaintextIsRefused() {
        Downstream service = downstream(Optional.of(serviceCa.certificateFile()), plainServer.actualPort());
        ExecutionException refused = assertThrows(ExecutionException.class, () -> service.fetch("/q/openapi",
                MultiMap.caseInsensitiveMultiMap()).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
        assertInstanceOf(SSLException.class, refused.getCause(), () -> "a failed handshake: " + refused.getCause());
    }

    private static Downstream downstream(Optional<Path> trusted) {
        return downstream(trusted, server.actualPort());
    }

    private static Downstream downstream(Optional<Path> trusted, int port) {
        // Outside Quarkus, Stork is this test's to start; afresh each time, as each downstream names its own instance.
        Stork.shutdown();
        Stork.initialize();
        return new Downstream("consent-service", new Settings(URI.create("https://localhost:" + port)), trusted, vertx);
    }

    /** The one service's settings, as the gateway's configuration would give them. */
    private record Settings(URI url) implements GatewaySettings.Service {
        @Override
        public List<URI> urls() {
            return List.of(url);
        }

        @Override
        public Duration unreachableSkippedFor() {
            return Duration.ofSeconds(10);
        }

        @Override
        public String audience() {
            return "kidsafe-consent";
        }

        @Override
        public List<String> routes() {
            return List.of("/v1/children/**");
        }

        @Override
        public Duration connectTimeout() {
            return Duration.ofSeconds(5);
        }

        @Override
        public Duration readTimeout() {
            return Duration.ofSeconds(30);
        }

        @Override
        public int maxConnections() {
            return 2;
        }

        @Override
        public GatewaySettings.Breaker breaker() {
            return new GatewaySettings.Breaker() {
                @Override
                public Duration window() {
                    return Duration.ofSeconds(10);
                }

                @Override
                public int minimumCalls() {
                    return 100;
                }

                @Override
                public double failureRatio() {
                    return 1;
                }

                @Override
                public int halfOpenProbes() {
                    return 1;
                }

                @Override
                public Duration openFor() {
                    return Duration.ofSeconds(1);
                }
            };
        }
    }
}
