package org.kidsafe.bench;

import org.kidsafe.embedded.FreePorts;
import org.kidsafe.embedded.Nginx;
import org.kidsafe.embedded.keycloak.DevRealm;
import org.kidsafe.embedded.keycloak.KidSafeRealm;
import org.kidsafe.launcher.Platform;
import org.kidsafe.launcher.ServiceProcess;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * (2) The same authenticated request (a parent listing their children: token checked, one query)
 * straight to consent-service, through the gateway (which checks the token, rate-limits, exchanges it for a
 * consent-service token through its cache, and forwards), through a second gateway with its token cache off
 * (every request costs a token exchange at Keycloak), and through nginx as a plain reverse proxy; wrk on the
 * same machine, the targets measured in rotating order in every round so drift in the machine's load hits all
 * of them. Every run sends many distinct tokens round robin (issue 16 item 4): the
 * gateway sides get the parents' own tokens (audience kidsafe-gateway), the direct and nginx sides the same
 * tokens exchanged for consent-service, as consent-service receives them from the gateway.
 */
final class GatewayBenchmark {

    private static final String NAME = "gateway";
    private static final int CONNECTIONS = 16;
    private static final String DIRECT = "straight to consent-service";
    private static final String GATEWAY = "through the gateway";
    private static final String GATEWAY_NO_CACHE = "through a gateway with its token cache off";
    private static final String NGINX = "through nginx (plain proxy)";
    private static final String FULL_JIT = "-XX:TieredStopAtLevel=4";
    private static final java.time.Duration FULL_JIT_WARM_UP = java.time.Duration.ofSeconds(20);
    /** Distinct parent tokens sent round robin: one cache entry each at the gateway. */
    private static final int TOKENS = 1_000;
    private static final int QUICK_TOKENS = 200;
    /** The tokens must outlive the run: the parent app's tokens live this long during the benchmark only. */
    private static final java.time.Duration TOKEN_LIFESPAN = java.time.Duration.ofHours(1);

    private final Platform platform;
    private final Settings settings;
    private final Results results;
    private final ParentSessions sessions;
    private List<String> parentTokens;
    private TokenRotation gatewayTokens;
    private TokenRotation consentTokens;

    GatewayBenchmark(Platform platform, Settings settings, Results results) {
        this.platform = platform;
        this.settings = settings;
        this.results = results;
        this.sessions = new ParentSessions(platform.keycloak(), DevRealm.BOB);
    }

    /**
     * The gateway restarted with -XX:TieredStopAtLevel=4, against the same direct target. The launcher now runs every
     * service with the full JIT already (ServiceJvm, issue 22 item 1), so this phase measures the same configuration
     * as the first; the fair-benchmarks rewrite (issue 22 item 2) is to drop it.
     */
    private void withFullJit(String direct, String gateway, String how) {
        ServiceProcess process = platform.service(Platform.GATEWAY);
        try {
            FootprintBenchmark.restartWith(process, FULL_JIT);
            sendEachOnce(gateway, parentTokens);
            Wrk.run(gateway, gatewayTokens, CONNECTIONS, FULL_JIT_WARM_UP);
            List<Double> rates = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            for (int round = 0; round < settings.wrkRounds(); round++) {
                boolean gatewayFirst = round % 2 == 0;
                Wrk.Summary first = gatewayFirst ? Wrk.run(gateway, gatewayTokens, CONNECTIONS, settings.wrkDuration())
                        : Wrk.run(direct, consentTokens, CONNECTIONS, settings.wrkDuration());
                Wrk.Summary second = gatewayFirst ? Wrk.run(direct, consentTokens, CONNECTIONS, settings.wrkDuration())
                        : Wrk.run(gateway, gatewayTokens, CONNECTIONS, settings.wrkDuration());
                Wrk.Summary throughGateway = gatewayFirst ? first : second;
                Wrk.Summary straight = gatewayFirst ? second : first;
                if (throughGateway.failed() + straight.failed() > 0) {
                    throw new IllegalStateException("Failed requests with the full JIT: " + throughGateway + " / " + straight);
                }
                rates.add(throughGateway.requestsPerSecond());
                ratios.add(throughGateway.requestsPerSecond() / straight.requestsPerSecond());
            }
            String subject = "gateway with " + FULL_JIT;
            results.add(NAME, subject, "throughput (median)", Stats.median(rates), "req/s", rates.size(), how + ", after a 20 s warm-up");
            results.add(NAME, subject + " / direct", "throughput ratio (median)", Stats.median(ratios), "ratio", ratios.size(),
                    "same rounds, direct and gateway alternating first");
        } finally {
            FootprintBenchmark.restartWith(process, "");
        }
    }

    void run() throws Exception {
        int count = settings.quick() ? QUICK_TOKENS : TOKENS;
        Path work = settings.root().resolve("bench/target/gateway");
        List<String> parents = sessions.open(count, TOKEN_LIFESPAN);
        parentTokens = parents;
        gatewayTokens = TokenRotation.of(parents, work.resolve("gateway-tokens.lua"));
        consentTokens = TokenRotation.of(sessions.exchangedFor(parents, KidSafeRealm.CONSENT, platform.keycloakClientSecret(Platform.GATEWAY)), work.resolve("consent-tokens.lua"));
        String consent = platform.service(Platform.CONSENT).baseUrl();
        try (Nginx nginx = Nginx.proxying("127.0.0.1:" + platform.service(Platform.CONSENT).port(), settings.root().resolve("bench/target/nginx"));
             ServiceProcess uncached = uncachedGateway(work)) {
            Map<String, String> urls = new LinkedHashMap<>();
            urls.put(DIRECT, consent + "/v1/children");
            urls.put(GATEWAY, platform.gatewayUrl() + "/api/v1/children");
            urls.put(GATEWAY_NO_CACHE, uncached.baseUrl() + "/api/v1/children");
            urls.put(NGINX, nginx.baseUrl() + "/v1/children");
            urls.forEach((target, url) -> Wrk.run(url, tokensFor(target), CONNECTIONS, java.time.Duration.ofSeconds(5)));
            // "Warm cache": every token has been through the gateway once (a 5 s wrk run at a few dozen exchanges per
            // second would leave most of them to the first round).
            sendEachOnce(urls.get(GATEWAY), parents);
            Map<String, List<Wrk.Summary>> runs = new LinkedHashMap<>();
            urls.keySet().forEach(target -> runs.put(target, new ArrayList<>()));
            List<String> order = new ArrayList<>(urls.keySet());
            List<Double> gatewayRatios = new ArrayList<>();
            List<Double> nginxRatios = new ArrayList<>();
            List<Double> cacheRatios = new ArrayList<>();
            for (int round = 0; round < settings.wrkRounds(); round++) {
                Map<String, Wrk.Summary> thisRound = new LinkedHashMap<>();
                for (String target : order) {
                    Wrk.Summary summary = Wrk.run(urls.get(target), tokensFor(target), CONNECTIONS, settings.wrkDuration());
                    if (summary.failed() > 0) {
                        throw new IllegalStateException(target + ": " + summary.failed() + " of " + summary.requests()
                                + " requests failed (is the gateway's rate limit raised? bench/run sets KIDSAFE_GATEWAY_RATE_PER_SECOND)");
                    }
                    thisRound.put(target, summary);
                    runs.get(target).add(summary);
                }
                gatewayRatios.add(thisRound.get(GATEWAY).requestsPerSecond() / thisRound.get(DIRECT).requestsPerSecond());
                nginxRatios.add(thisRound.get(NGINX).requestsPerSecond() / thisRound.get(DIRECT).requestsPerSecond());
                cacheRatios.add(thisRound.get(GATEWAY_NO_CACHE).requestsPerSecond() / thisRound.get(GATEWAY).requestsPerSecond());
                order.add(order.remove(0));
            }
            String how = "wrk -t2 -c" + CONNECTIONS + " -d" + settings.wrkDuration().toSeconds() + "s, GET /v1/children, "
                    + count + " parents' tokens round robin (direct and nginx: the same exchanged for consent-service)";
            runs.forEach((target, summaries) -> {
                results.add(NAME, target, "throughput (median)", Stats.median(summaries.stream().map(Wrk.Summary::requestsPerSecond).toList()),
                        "req/s", summaries.size(), how);
                results.add(NAME, target, "p50 latency (median)", Stats.median(summaries.stream().map(Wrk.Summary::p50Ms).toList()),
                        "ms", summaries.size(), how);
                results.add(NAME, target, "p99 latency (median)", Stats.median(summaries.stream().map(Wrk.Summary::p99Ms).toList()),
                        "ms", summaries.size(), how);
            });
            results.add(NAME, "gateway / direct", "throughput ratio (median)", Stats.median(gatewayRatios), "ratio", gatewayRatios.size(),
                    "goal >= 0.6; per round, same-round runs");
            results.add(NAME, "nginx / direct", "throughput ratio (median)", Stats.median(nginxRatios), "ratio", nginxRatios.size(),
                    "what a plain proxy hop costs on this machine");
            results.add(NAME, "gateway, cache off / gateway, warm cache", "throughput ratio (median)", Stats.median(cacheRatios), "ratio",
                    cacheRatios.size(), "what a token exchange per request would cost; the warm cache pays one per token");
            withFullJit(urls.get(DIRECT), urls.get(GATEWAY), how);
        }
    }

    /** One request per token, each answered 200: the gateway's cache then holds every token. */
    private static void sendEachOnce(String url, List<String> tokens) {
        HttpClient http = HttpClient.newHttpClient();
        long refused = tokens.parallelStream().filter(token -> {
            try {
                return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() != 200;
            } catch (IOException e) {
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
        }).count();
        if (refused > 0) {
            throw new IllegalStateException(refused + " of " + tokens.size() + " tokens were not answered 200 by " + url);
        }
    }

    private TokenRotation tokensFor(String target) {
        return target.equals(DIRECT) || target.equals(NGINX) ? consentTokens : gatewayTokens;
    }

    /** A second gateway, as the platform's but with its token cache off: every request exchanges at Keycloak. */
    private ServiceProcess uncachedGateway(Path work) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("kidsafe.oidc.issuer", platform.keycloak().issuer());
        properties.put("quarkus.log.console.json.enabled", "false");
        properties.put("kidsafe.gateway.token-exchange.cache-max-entries", "0");
        for (String upstream : List.of(Platform.CONSENT, Platform.PROFILE, Platform.MEDIA)) {
            properties.put("kidsafe.gateway.services." + upstream + ".url", platform.service(upstream).baseUrl());
        }
        ServiceProcess gateway = new ServiceProcess("gateway-uncached", settings.root().resolve("gateway/target/quarkus-app/quarkus-run.jar"),
                FreePorts.find(), FreePorts.find(), properties, Map.of("KIDSAFE_GATEWAY_CLIENT_SECRET", platform.keycloakClientSecret(Platform.GATEWAY)), work.resolve("gateway-uncached.log"));
        gateway.start();
        gateway.awaitReady(java.time.Duration.ofMinutes(3));
        return gateway;
    }
}
