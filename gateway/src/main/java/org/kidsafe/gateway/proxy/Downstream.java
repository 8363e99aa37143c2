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

import org.kidsafe.gateway.proxy.Instances.Instance;

import java.net.ConnectException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One downstream service: its own connection pool (a slow service cannot take the others'
 * connections), its timeouts, its circuit breaker and its instances. Every call goes through the breaker.
 */
public final class Downstream {

    private final String name;
    private final Instances instances;
    private final GatewaySettings.Service config;
    private final HttpClient client;
    private final CircuitBreaker breaker;

    Downstream(String name, GatewaySettings.Service config, Optional<Path> trustedCertificates, Vertx vertx) {
        this.name = name;
        this.instances = new Instances(name, config.urls(), config.unreachableSkippedFor(), System::nanoTime);
        this.config = config;
        HttpClientOptions options = new HttpClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
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
     * <p>
     * The breaker sees the outcome of the whole exchange, retry included: one dead instance among several does not
     * count against the service (issue 21 item 2).
     */
    public Future<HttpClientResponse> exchange(HttpMethod method, String pathAndQuery, MultiMap headers, ReadStream<Buffer> body) {
        if (!breaker.tryAcquire()) {
            return Future.failedFuture(new Unavailable(name, true));
        }
        return instances.next()
                .compose(instance -> send(instance, method, pathAndQuery, headers, body))
                .andThen(outcome -> {
                    if (outcome.succeeded() && !isServiceFailure(outcome.result().statusCode())) {
                        breaker.succeeded();
                    } else {
                        breaker.failed();
                    }
                });
    }

    private Future<HttpClientResponse> send(Instance instance, HttpMethod method, String pathAndQuery, MultiMap headers,
                                            ReadStream<Buffer> body) {
        return connect(instance, method, pathAndQuery).compose(connected -> write(connected.request(), headers, body)
                .recover(failure -> {
                    // A pooled connection that the instance closed just as it was reused (it stopped, or its idle timeout
                    // passed) fails before any answer was sent. Nothing reached the service's handlers, so a bodiless
                    // read is sent once more on a fresh connection, to another instance where there is one.
                    if (!(failure instanceof HttpClosedException) || body != null || !isSafe(method)) {
                        return Future.failedFuture(failure);
                    }
                    return instances.other(connected.instance())
                            .compose(other -> connect(other.orElse(connected.instance()), method, pathAndQuery))
                            .compose(again -> write(again.request(), headers, null));
                }));
    }

    /**
     * A request on a connection to {@code instance}, or to another instance if that one cannot be reached. Nothing of the
     * request has been sent before its connection is open (a body is still paused), so this holds for every method.
     */
    private Future<Connected> connect(Instance instance, HttpMethod method, String pathAndQuery) {
        return open(instance, method, pathAndQuery).recover(failure -> {
            if (!isUnreachable(failure)) {
                return Future.failedFuture(failure);
            }
            instances.unreachable(instance);
            return instances.other(instance).compose(other -> other.isPresent()
                    ? open(other.get(), method, pathAndQuery)
                    : Future.failedFuture(failure));
        });
    }

    private Future<Connected> open(Instance instance, HttpMethod method, String pathAndQuery) {
        RequestOptions options = new RequestOptions()
                .setMethod(method)
                .setHost(instance.host())
                .setPort(instance.port())
                .setSsl(instance.secure())
                .setURI(instance.basePath() + pathAndQuery)
                .setIdleTimeout(config.readTimeout().toMillis());
        return client.request(options).map(request -> new Connected(instance, request));
    }

    private static Future<HttpClientResponse> write(HttpClientRequest request, MultiMap headers, ReadStream<Buffer> body) {
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
    }

    private static boolean isSafe(HttpMethod method) {
        return method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS;
    }

    /** Refused or timed out while connecting (Netty's timeout is a ConnectException too), as Vert.x hands it on or wrapped. */
    private static boolean isUnreachable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    /** A small request-answer call whose answer body is read whole (holdings, exports, OpenAPI documents). */
    public Future<Reply> fetch(String pathAndQuery, MultiMap headers) {
        return exchange(HttpMethod.GET, pathAndQuery, headers, null)
                .compose(response -> response.body().map(body -> new Reply(response.statusCode(), body)));
    }

    /** Answers that say the service itself is in trouble, as opposed to refusing this one request. */
    private static boolean isServiceFailure(int status) {
        return status == 502 || status == 503 || status == 504;
    }

    void close() {
        client.close();
    }

    public record Reply(int status, Buffer body) {
    }

    private record Connected(Instance instance, HttpClientRequest request) {
    }
}
