package org.kidsafe.gateway.proxy;

import io.smallrye.stork.Stork;
import io.smallrye.stork.api.Service;
import io.smallrye.stork.api.ServiceDefinition;
import io.smallrye.stork.api.ServiceInstance;
import io.smallrye.stork.impl.RoundRobinConfiguration;
import io.smallrye.stork.servicediscovery.staticlist.StaticConfiguration;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The instances of one downstream service, and which one takes the next request (issue 21 item 2: the platform runs
 * several instances of each service). SmallRye Stork finds them, from the configured static list (two per service under
 * {@code ./kidsafe up --replicas=2}; in the chart the Service's one address, kube-proxy spreading over its pods), and
 * picks one per request round-robin.
 * <p>
 * An instance that refused a connection is left out of the rotation for a while ({@code unreachable-skipped-for}), so a
 * dead instance costs its first caller one more connection attempt on another instance, never a route that keeps
 * failing every other request. When every instance is skipped, all are tried again: the route is never stuck.
 */
final class Instances {

    /** One instance: its base URL, and the {@code host:port} by which Stork knows it. */
    record Instance(URI base, String address) {

        static Instance at(URI base) {
            return new Instance(base, base.getHost() + ":" + portOf(base));
        }

        String host() {
            return base.getHost();
        }

        int port() {
            return portOf(base);
        }

        boolean secure() {
            return "https".equals(base.getScheme());
        }

        private static int portOf(URI base) {
            if (base.getPort() > 0) {
                return base.getPort();
            }
            return "https".equals(base.getScheme()) ? 443 : 80;
        }

        String basePath() {
            String path = base.getRawPath();
            return path == null || path.equals("/") ? "" : path.replaceAll("/+$", "");
        }
    }

    private final Service stork;
    private final Map<String, Instance> byAddress = new LinkedHashMap<>();
    private final Map<String, Long> skippedSince = new ConcurrentHashMap<>();
    private final long skipNanos;
    private final LongSupplier nanoTime;

    Instances(String service, List<URI> urls, Duration unreachableSkippedFor, LongSupplier nanoTime) {
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("No URL for " + service);
        }
        urls.forEach(url -> {
            Instance instance = Instance.at(url);
            byAddress.put(instance.address(), instance);
        });
        String addressList = String.join(",", byAddress.keySet());
        this.stork = Stork.getInstance().defineIfAbsent(service, ServiceDefinition.of(
                new StaticConfiguration().withAddressList(addressList), new RoundRobinConfiguration())).getService(service);
        this.skipNanos = unreachableSkippedFor.toNanos();
        this.nanoTime = nanoTime;
    }

    /** The instance for the next request: Stork's round-robin over the reachable ones (over all, if none is). */
    Future<Instance> next() {
        return discovered().map(all -> {
            List<ServiceInstance> reachable = all.stream().filter(this::reachable).toList();
            return instance(stork.selectInstance(reachable.isEmpty() ? all : reachable));
        });
    }

    /** Another instance than {@code tried}, a reachable one if there is one; empty if the service has only one. */
    Future<Optional<Instance>> other(Instance tried) {
        return discovered().map(all -> {
            List<ServiceInstance> others = all.stream().filter(found -> !address(found).equals(tried.address())).toList();
            if (others.isEmpty()) {
                return Optional.empty();
            }
            List<ServiceInstance> reachable = others.stream().filter(this::reachable).toList();
            return Optional.of(instance(stork.selectInstance(reachable.isEmpty() ? others : reachable)));
        });
    }

    /** {@code instance} refused or timed out a connection: the next requests go to the others for a while. */
    void unreachable(Instance instance) {
        skippedSince.put(instance.address(), nanoTime.getAsLong());
    }

    private boolean reachable(ServiceInstance found) {
        Long since = skippedSince.get(address(found));
        return since == null || nanoTime.getAsLong() - since >= skipNanos;
    }

    private Future<List<ServiceInstance>> discovered() {
        Context context = Vertx.currentContext();
        var found = stork.getInstances().subscribeAsCompletionStage();
        return context == null ? Future.fromCompletionStage(found) : Future.fromCompletionStage(found, context);
    }

    private Instance instance(ServiceInstance found) {
        Instance instance = byAddress.get(address(found));
        if (instance == null) {
            throw new IllegalStateException("Stork found an instance that was not configured: " + address(found)
                    + " (configured: " + byAddress.keySet() + ")");
        }
        return instance;
    }

    private static String address(ServiceInstance found) {
        return found.getHost() + ":" + found.getPort();
    }
}
