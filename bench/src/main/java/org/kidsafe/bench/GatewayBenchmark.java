package org.kidsafe.bench;

import org.kidsafe.launcher.Platform;
import org.kidsafe.launcher.ServiceProcess;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * (2) The same authenticated request (a parent listing their children: token checked, one query)
 * straight to consent-service, through the gateway (which checks the token too, rate-limits and
 * forwards), and through nginx as a plain reverse proxy; wrk on the same machine, the three targets
 * measured in rotating order in every round so drift in the machine's load hits all of them.
 */
final class GatewayBenchmark {

    private static final String NAME = "gateway";
    private static final int CONNECTIONS = 16;
    private static final String DIRECT = "straight to consent-service";
    private static final String GATEWAY = "through the gateway";
    private static final String NGINX = "through nginx (plain proxy)";
    private static final String FULL_JIT = "-XX:TieredStopAtLevel=4";
    private static final java.time.Duration FULL_JIT_WARM_UP = java.time.Duration.ofSeconds(20);

    private final Platform platform;
    private final Settings settings;
    private final Results results;
    private final Supplier<String> parentToken;

    GatewayBenchmark(Platform platform, Settings settings, Results results, Supplier<String> parentToken) {
        this.platform = platform;
        this.settings = settings;
        this.results = results;
        this.parentToken = parentToken;
    }

    /**
     * The launcher runs services with C1 only (-XX:TieredStopAtLevel=1: faster start, slower peak). The
     * gateway again with the full JIT, against the same direct target, to see what that flag costs a proxy.
     */
    private void withFullJit(String direct, String gateway, String how) {
        ServiceProcess process = platform.service(Platform.GATEWAY);
        try {
            FootprintBenchmark.restartWith(process, FULL_JIT);
            Wrk.run(gateway, parentToken.get(), CONNECTIONS, FULL_JIT_WARM_UP);
            List<Double> rates = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            for (int round = 0; round < settings.wrkRounds(); round++) {
                boolean gatewayFirst = round % 2 == 0;
                Wrk.Summary first = Wrk.run(gatewayFirst ? gateway : direct, parentToken.get(), CONNECTIONS, settings.wrkDuration());
                Wrk.Summary second = Wrk.run(gatewayFirst ? direct : gateway, parentToken.get(), CONNECTIONS, settings.wrkDuration());
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
        String consent = platform.service(Platform.CONSENT).baseUrl();
        try (Nginx nginx = Nginx.proxying("127.0.0.1:" + platform.service(Platform.CONSENT).port(), settings.root().resolve("bench/target/nginx"))) {
            Map<String, String> urls = new LinkedHashMap<>();
            urls.put(DIRECT, consent + "/v1/children");
            urls.put(GATEWAY, platform.gatewayUrl() + "/api/v1/children");
            urls.put(NGINX, nginx.baseUrl() + "/v1/children");
            urls.forEach((target, url) -> Wrk.run(url, parentToken.get(), CONNECTIONS, java.time.Duration.ofSeconds(3)));
            Map<String, List<Wrk.Summary>> runs = new LinkedHashMap<>();
            urls.keySet().forEach(target -> runs.put(target, new ArrayList<>()));
            List<String> order = new ArrayList<>(urls.keySet());
            List<Double> gatewayRatios = new ArrayList<>();
            List<Double> nginxRatios = new ArrayList<>();
            for (int round = 0; round < settings.wrkRounds(); round++) {
                Map<String, Wrk.Summary> thisRound = new LinkedHashMap<>();
                for (String target : order) {
                    Wrk.Summary summary = Wrk.run(urls.get(target), parentToken.get(), CONNECTIONS, settings.wrkDuration());
                    if (summary.failed() > 0) {
                        throw new IllegalStateException(target + ": " + summary.failed() + " of " + summary.requests()
                                + " requests failed (is the gateway's rate limit raised? bench/run sets KIDSAFE_GATEWAY_RATE_PER_SECOND)");
                    }
                    thisRound.put(target, summary);
                    runs.get(target).add(summary);
                }
                gatewayRatios.add(thisRound.get(GATEWAY).requestsPerSecond() / thisRound.get(DIRECT).requestsPerSecond());
                nginxRatios.add(thisRound.get(NGINX).requestsPerSecond() / thisRound.get(DIRECT).requestsPerSecond());
                order.add(order.remove(0));
            }
            String how = "wrk -t2 -c" + CONNECTIONS + " -d" + settings.wrkDuration().toSeconds() + "s, GET /v1/children with a parent's token";
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
            withFullJit(urls.get(DIRECT), urls.get(GATEWAY), how);
        }
    }
}
