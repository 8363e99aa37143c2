package org.kidsafe.gateway.proxy;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.streams.ReadStream;
import org.kidsafe.gateway.config.GatewaySettings;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * One downstream service: its own connection pool (a slow service cannot take the others'
 * connections), its timeouts and its circuit breaker. Every call goes through the breaker.
 */
public final class Downstream {

    private final String name;
    private final URI base;
    private final GatewaySettings.Service config;
    private final HttpClient client;
    private final CircuitBreaker breaker;

    Downstream(String name, GatewaySettings.Service config, Optional<Path> trustedCertificates, Vertx vertx) {
        this.name = name;
        this.base = config.url();
        this.config = config;
        HttpClientOptions options = new HttpClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setSsl("https".equals(base.getScheme()))
                // The service's certificate must name the host the gateway called (issue 17 item 4).
                .setVerifyHost(true);
        trustedCertificates.ifPresent(file -> options.setTrustOptions(new PemTrustOptions().addCertPath(file.toString())));
        this.client = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(config.maxConnections()));
        this.breaker = CircuitBreaker.of(config.breaker(), System::nanoTime);
    }

    public String name() {
        return name;
    }

    /** The audience the service accepts: the gateway sends it only tokens exchanged for this audience. */
    public String audience() {
        return config.audience();
    }

    public CircuitBreaker.State breakerState() {
        return breaker.state();
    }

    /**
     * Sends a request whose body (if any) is streamed from {@code body}, and hands back the answer
     * as soon as its head arrives; the caller streams the answer's body on.
     */
    public Future<HttpClientResponse> exchange(HttpMethod method, String pathAndQuery, MultiMap headers, ReadStream<Buffer> body) {
        if (body == null && isSafe(method)) {
            // A pooled connection that the service closed just as it was reused fails before any answer was sent.
            // Nothing reached the service's handlers, so a bodiless read is sent once more on a fresh connection.
            return send(method, pathAndQuery, headers, null).recover(failure -> failure instanceof HttpClosedException
                    ? send(method, pathAndQuery, headers, null)
                    : Future.failedFuture(failure));
        }
        return send(method, pathAndQuery, headers, body);
    }

    private static boolean isSafe(HttpMethod method) {
        return method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS;
    }

    private Future<HttpClientResponse> send(HttpMethod method, String pathAndQuery, MultiMap headers, ReadStream<Buffer> body) {
        return guarded(request -> {
            request.headers().addAll(headers);
            if (body == null) {
                return request.send();
            }
            if (!request.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
                request.setChunked(true);
            }
            // A body that breaks off (client gone, limit passed) must not reach the service as if complete.
            // The failure reaches the caller through request.response(); nothing more to report here.
            request.exceptionHandler(failure -> { });
            body.pipe().endOnFailure(false).to(request).onFailure(failure -> request.reset(0, failure));
            return request.response();
        }, method, pathAndQuery);
    }

    /** A small request-answer call whose answer body is read whole (holdings, exports, OpenAPI documents). */
    public Future<Reply> fetch(String pathAndQuery, MultiMap headers) {
        return exchange(HttpMethod.GET, pathAndQuery, headers, null)
                .compose(response -> response.body().map(body -> new Reply(response.statusCode(), body)));
    }

    private Future<HttpClientResponse> guarded(Function<HttpClientRequest, Future<HttpClientResponse>> send,
                                               HttpMethod method, String pathAndQuery) {
        if (!breaker.tryAcquire()) {
            return Future.failedFuture(new Unavailable(name, true));
        }
        RequestOptions options = new RequestOptions()
                .setMethod(method)
                .setHost(base.getHost())
                .setPort(port())
                .setURI(basePath() + pathAndQuery)
                .setIdleTimeout(config.readTimeout().toMillis());
        return client.request(options)
                .compose(send)
                .andThen(outcome -> {
                    if (outcome.succeeded() && !isServiceFailure(outcome.result().statusCode())) {
                        breaker.succeeded();
                    } else {
                        breaker.failed();
                    }
                });
    }

    /** Answers that say the service itself is in trouble, as opposed to refusing this one request. */
    private static boolean isServiceFailure(int status) {
        return status == 502 || status == 503 || status == 504;
    }

    private int port() {
        if (base.getPort() > 0) {
            return base.getPort();
        }
        return "https".equals(base.getScheme()) ? 443 : 80;
    }

    private String basePath() {
        String path = base.getRawPath();
        return path == null || path.equals("/") ? "" : path.replaceAll("/+$", "");
    }

    void close() {
        client.close();
    }

    public record Reply(int status, Buffer body) {
    }
}
