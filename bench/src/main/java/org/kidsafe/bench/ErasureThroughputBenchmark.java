package org.kidsafe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.kidsafe.api.client.model.ErasureView;
import org.kidsafe.embedded.Pause;
import org.kidsafe.embedded.keycloak.DevRealm;
import org.kidsafe.embedded.keycloak.KidSafeRealm;
import org.kidsafe.launcher.Platform;
import org.kidsafe.launcher.client.ParentJourney;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * (9) Erasures in bulk (issue 21 item 3): {@link Settings#erasures()} children deleted by their parent through the
 * gateway, {@link Settings#inFlight()} at a time (1,000 and 50), each child with data in profile-service (profile,
 * paired toy) and media-service (a photo), so every participant has work. The children belong to as many parents as
 * erasures are in flight, in turn, so the erasures in flight at once are mostly different families' (a burst after a
 * recall comes from many parents): under one parent, consent-service rightly serialises a parent's deletions (whether a
 * child is their last decides whether their contact goes), and that lock, not the platform, was what the run measured. Reports erasures per second, the receipt's
 * latency (the DELETE sent until the signed receipt exists, its {@code completedAt}; and until the parent's app, polling,
 * holds it), and where an erasure waits, as shares of its time, from sources that change nothing in a service:
 * <ul>
 *   <li>the saga's own timestamps (requestedAt, each participant's received and signed times, consent-service's
 *   received time of each report, the receipt's time; {@link ErasureBenchmark#timeline}) and the Kafka records' times
 *   ({@link ErasureReports}): each Kafka hop, split into the sender's relay and the broker plus the receiver's consumer;</li>
 *   <li>the receivers' own timers ({@link ServiceTimers}, their management ports): each Kafka hop's broker, channel,
 *   dispatch queue and handler stages, and media-service's erasure jobs waiting for a worker and running;</li>
 *   <li>active-session history of every service's database ({@link ActiveSessionHistory}): consent-service's ledger
 *   lock (a one-key {@code Lock/advisory}), other locks, statements running, transactions held open;</li>
 *   <li>the gateway's own timer of the DELETE ({@code kidsafe_gateway_requests_seconds} on its management port);</li>
 *   <li>Keycloak: an erasure withdraws its toys' identities after its transaction committed, off the receipt's path;
 *   the backlog it leaves is read from profile-service's {@code toy_identity_withdrawal} table.</li>
 * </ul>
 * A share is the time summed over every erasure divided by the erasures' receipt latencies summed (for the database
 * samples: session time over the same sum, Little's law), so shares of segments that overlap (the two participants work
 * in parallel; the ledger lock lies inside the consent-service segments) do not add up to 100%.
 */
final class ErasureThroughputBenchmark {

    private static final String NAME = "erasure-throughput";
    /** Issue 21: 30 concurrent erasures ran at 7.8/s with one media-service, before this benchmark existed. */
    static final double BASELINE_PER_SECOND = 7.8;
    /** Issue 21 item 3: erasures/s with one instance of each service at least 3x the baseline. */
    static final double THROUGHPUT_GOAL = 3.0;
    /** Issue 21 item 3: no lock or serial step holds more than 10% of an erasure's time at 50 in flight. */
    static final double SHARE_GOAL_PERCENT = 10.0;
    private static final int SEEDING_CONCURRENCY = 4;
    private static final int WARM_UP_ERASURES = 5;
    private static final Duration RECEIPT_TIMEOUT = Duration.ofMinutes(10);
    /** As a parent's app polls (ParentJourney's default): 50 erasures polled every 20 ms would be a benchmark of polling. */
    private static final Duration POLL_EVERY = Duration.ofMillis(250);
    private static final Duration WITHDRAWAL_DRAIN_TIMEOUT = Duration.ofMinutes(5);
    private static final String PENDING_WITHDRAWALS = "SELECT count(*) FROM toy_identity_withdrawal";
    /** The gateway timer's sums and counts; labels up to the line's last brace, since a route's label holds braces ({id}). */
    static final String DELIVERY_TIMER = "kidsafe.events.delivery";
    static final String MEDIA_JOBS_TIMER = "kidsafe.media.erasure.jobs";
    private static final List<String> DELIVERY_STAGES = List.of("broker", "channel", "queue", "handler");
    private static final String GATEWAY_TIMER = "kidsafe.gateway.requests";

    /**
     * One erasure of the run.
     *
     * @param sentAt     the parent's DELETE left the harness
     * @param answeredMs its 202 arrived (the gateway, consent-service's transaction that starts the saga)
     * @param seenMs     the app's poll first returned the receipt (polled every 250 ms)
     * @param saga       the saga's own timestamps, from the verified receipt and the Kafka records
     */
    record Sample(Instant sentAt, double answeredMs, double seenMs, ErasureBenchmark.Erasure saga) {

        /** From the DELETE sent until the signed receipt exists (the receipt's completedAt; one machine, one clock). */
        double receiptMs() {
            return ErasureBenchmark.millis(sentAt, saga.receiptSigned());
        }
    }

    /**
     * The services' own timers read around the measured erasures.
     *
     * @param delivery  each service's {@value #DELIVERY_TIMER} (event-backbone's {@code KeyOrderedDispatch}), by channel and stage
     * @param mediaJobs media-service's {@value #MEDIA_JOBS_TIMER} ({@code ErasureWorker}), by stage
     */
    record ServiceTimers(Map<String, PrometheusTimers> delivery, PrometheusTimers mediaJobs) {

        ServiceTimers minus(ServiceTimers earlier) {
            Map<String, PrometheusTimers> difference = new LinkedHashMap<>();
            delivery.forEach((service, timers) -> difference.put(service, timers.minus(earlier.delivery.get(service))));
            return new ServiceTimers(difference, mediaJobs.minus(earlier.mediaJobs));
        }
    }

    /** A segment of an erasure's path and whether it is a lock or serial step (the 10% goal applies to those). */
    private record Segment(String name, boolean lockOrSerial, ToDoubleFunction<Sample> millis, String note) {
    }

    private final Platform platform;
    private final Settings settings;
    private final Results results;
    private final ParentJourney journey;
    private final int notice;
    /** The parents the families are spread over, made with the run (a verified address each). */
    private final List<Supplier<String>> parents = new ArrayList<>();
    /** Each seeded child's parent. */
    private final Map<UUID, Supplier<String>> parentOf = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ErasureThroughputBenchmark(Platform platform, Settings settings, Results results, ParentJourney journey, int notice) {
        this.platform = platform;
        this.settings = settings;
        this.results = results;
        this.journey = journey;
        this.notice = notice;
    }

    void run() throws Exception {
        makeParents(settings.inFlight());
        List<UUID> children = seed(WARM_UP_ERASURES + settings.erasures());
        List<Sample> samples;
        Map<String, Map<String, Double>> sessionMs;
        PrometheusTimers gatewayBefore;
        PrometheusTimers gatewayDeletes;
        ServiceTimers timersBefore;
        ServiceTimers timers;
        long pendingAtEnd;
        double drainedMs;
        int ashSamples;
        ProcessCpu.Window cpuUsed;
        Map<String, Supplier<Collection<Long>>> processGroups = ProcessCpu.platformGroups(platform);
        ProcessCpu cpu = ProcessCpu.of(processGroups);
        try (ErasureReports reports = new ErasureReports(platform.kafka().adminConfig())) {
            // The first erasures after the platform started pay one-off costs (consumers meeting their topics): not counted.
            for (UUID child : children.subList(0, WARM_UP_ERASURES)) {
                erase(reports, child);
            }
            gatewayBefore = gatewayRequests();
            timersBefore = serviceTimers();
            ActiveSessionHistory history = ActiveSessionHistory.start(platform, Platform.SERVICES);
            ProcessCpu.Snapshot cpuBefore = cpu.snapshot();
            try {
                samples = eraseConcurrently(reports, children.subList(WARM_UP_ERASURES, children.size()));
            } finally {
                history.close();
            }
            cpuUsed = cpu.snapshot().since(cpuBefore);
            sessionMs = history.sessionMs();
            ashSamples = history.samples();
            gatewayDeletes = gatewayRequests().minus(gatewayBefore);
            timers = serviceTimers().minus(timersBefore);
            Instant lastReceipt = samples.stream().map(sample -> sample.saga().receiptSigned()).max(Comparator.naturalOrder()).orElseThrow();
            pendingAtEnd = pendingWithdrawals();
            drainedMs = awaitWithdrawals(lastReceipt);
        }
        RawSamples.write(settings, NAME, Map.of("inFlight", settings.inFlight(), "replicas", settings.replicas(), "erasures", samples,
                "databaseSessionMs", sessionMs, "serviceTimers", timers, "activeSessionSamples", ashSamples, "cpu", cpuUsed, "processGroups", ProcessCpu.describe(processGroups)));
        report(samples, sessionMs, timers, gatewayDeletes.seconds("DELETE"), gatewayDeletes.count("DELETE"), pendingAtEnd, drainedMs);
        reportCpu(samples.size(), cpuUsed);
    }

    /** Families made through the services' APIs, a few at a time (seeding is not measured). */
    private List<UUID> seed(int families) throws Exception {
        System.out.println("  seeding " + families + " families (profile, paired toy, a photo each) ...");
        ExecutorService pool = Executors.newFixedThreadPool(SEEDING_CONCURRENCY);
        try {
            List<Future<UUID>> made = new ArrayList<>();
            for (int i = 0; i < families; i++) {
                Supplier<String> parent = parents.get(i % parents.size());
                made.add(pool.submit(() -> {
                    UUID child = Family.create(platform, journey, parent, notice).childId();
                    parentOf.put(child, parent);
                    return child;
                }));
            }
            List<UUID> children = new ArrayList<>();
            for (Future<UUID> child : made) {
                children.add(child.get());
            }
            return children;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * {@code count} parents of the realm (the {@code parent} role is every user's default), each signed in and verified
     * by email, as a new parent joins (issue 19 item 1).
     */
    private void makeParents(int count) {
        System.out.println("  making " + count + " parents ...");
        KeycloakAdminApi admin = new KeycloakAdminApi(platform.keycloak());
        for (int i = 0; i < count; i++) {
            String username = "bench-parent-" + UUID.randomUUID() + "@example.com";
            String password = "bench-" + UUID.randomUUID();
            admin.call("POST", "/users", Map.of("username", username, "email", username, "emailVerified", true, "enabled", true,
                    "firstName", "Bench", "lastName", "Parent",
                    "credentials", List.of(Map.of("type", "password", "value", password, "temporary", false))));
            FreshToken parent = new FreshToken(platform.keycloak().issuer(),
                    new DevRealm.DemoUser(null, username, password, KidSafeRealm.ROLE_PARENT, "Bench", "Parent"));
            journey.verifyByEmail(parent.get(), username);
            parents.add(parent);
        }
    }

    /** Exactly {@code inFlight} erasures in flight: each worker deletes the next child once its previous receipt arrived. */
    private List<Sample> eraseConcurrently(ErasureReports reports, List<UUID> children) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(settings.inFlight());
        try {
            List<Future<Sample>> running = new ArrayList<>();
            for (UUID child : children) {
                running.add(pool.submit(() -> erase(reports, child)));
            }
            List<Sample> samples = new ArrayList<>();
            for (Future<Sample> sample : running) {
                samples.add(sample.get());
            }
            return samples;
        } finally {
            pool.shutdownNow();
        }
    }

    private Sample erase(ErasureReports reports, UUID child) {
        String token = parentOf.get(child).get();
        Instant sentAt = Instant.now();
        long sent = System.nanoTime();
        UUID erasure = journey.deleteChild(token, child);
        double answeredMs = (System.nanoTime() - sent) / 1e6;
        ErasureView done = journey.awaitReceipt(token, erasure, RECEIPT_TIMEOUT, POLL_EVERY);
        double seenMs = (System.nanoTime() - sent) / 1e6;
        JsonNode receipt = journey.verifyReceipt(done.getReceipt(), erasure, child);
        return new Sample(sentAt, answeredMs, seenMs, ErasureBenchmark.timeline(receipt, erasure, 1, seenMs, reports));
    }

    /** The gateway's own timer of requests by method, from its management port: every DELETE of the run is a child's. */
    private PrometheusTimers gatewayRequests() throws IOException, InterruptedException {
        return PrometheusTimers.of(GATEWAY_TIMER, "method").plus(scrape(platform.service(Platform.GATEWAY).managementUrl()));
    }

    /** One instance's {@code /q/metrics}, from its management port. */
    private String scrape(String managementUrl) throws IOException, InterruptedException {
        URI metrics = URI.create(managementUrl + "/q/metrics");
        return http.send(HttpRequest.newBuilder(metrics).header("Accept", "text/plain").GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The services' own timers, every instance's scrape summed. */
    private ServiceTimers serviceTimers() throws IOException, InterruptedException {
        Map<String, PrometheusTimers> delivery = new LinkedHashMap<>();
        PrometheusTimers mediaJobs = PrometheusTimers.of(MEDIA_JOBS_TIMER, "stage");
        for (String service : List.of(Platform.CONSENT, Platform.PROFILE, Platform.MEDIA)) {
            PrometheusTimers stages = PrometheusTimers.of(DELIVERY_TIMER, "channel", "stage");
            for (var instance : platform.instances(service)) {
                String scrape = scrape(instance.managementUrl());
                stages = stages.plus(scrape);
                if (service.equals(Platform.MEDIA)) {
                    mediaJobs = mediaJobs.plus(scrape);
                }
            }
            delivery.put(service, stages);
        }
        return new ServiceTimers(delivery, mediaJobs);
    }

    private long pendingWithdrawals() throws SQLException {
        try (Connection db = platform.database(Platform.PROFILE).connect();
             PreparedStatement count = db.prepareStatement(PENDING_WITHDRAWALS);
             ResultSet row = count.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    /** Milliseconds from the last receipt until Keycloak withdrew the last toy identity (no withdrawal left pending). */
    private double awaitWithdrawals(Instant lastReceipt) throws SQLException {
        Instant deadline = Instant.now().plus(WITHDRAWAL_DRAIN_TIMEOUT);
        while (pendingWithdrawals() > 0) {
            if (Instant.now().isAfter(deadline)) {
                return Double.NaN;
            }
            Pause.of(Duration.ofMillis(100));
        }
        return Math.max(0, ErasureBenchmark.millis(lastReceipt, Instant.now()));
    }

    private void report(List<Sample> samples, Map<String, Map<String, Double>> sessionMs, ServiceTimers timers,
                        double gatewaySeconds, double gatewayDeletes,
                        long pendingAtEnd, double drainedMs) {
        int n = samples.size();
        String subject = n + " erasures of " + parents.size() + " parents, " + settings.inFlight() + " in flight, " + settings.replicas()
                + " instance(s) per service";
        Instant first = samples.stream().map(Sample::sentAt).min(Comparator.naturalOrder()).orElseThrow();
        Instant last = samples.stream().map(sample -> sample.saga().receiptSigned()).max(Comparator.naturalOrder()).orElseThrow();
        double perSecond = n / (ErasureBenchmark.millis(first, last) / 1e3);
        results.add(NAME, subject, "erasures/s", perSecond, "erasures/s", n, "first DELETE sent until the last receipt signed");
        percentiles(subject, "receipt", samples, Sample::receiptMs, "DELETE sent until the signed receipt exists (its completedAt)");
        percentiles(subject, "receipt seen by the app", samples, Sample::seenMs,
                "DELETE sent until the app's poll returns the receipt (every " + POLL_EVERY.toMillis() + " ms, as an app polls)");
        percentiles(subject, "DELETE answered", samples, Sample::answeredMs, "the 202 through the gateway");
        if (gatewayDeletes > 0) {
            results.add(NAME, subject, "DELETE inside the gateway, mean", gatewaySeconds / gatewayDeletes * 1e3, "ms", (int) gatewayDeletes,
                    "the gateway's kidsafe_gateway_requests_seconds timer (its management port), upstream included");
        }

        double totalMs = samples.stream().mapToDouble(Sample::receiptMs).sum();
        Map<String, Double> lockOrSerialShares = new LinkedHashMap<>();
        for (Segment segment : segments()) {
            percentiles(subject, segment.name(), samples, segment.millis(), segment.note(), new int[] {50, 95});
            double share = share(samples.stream().mapToDouble(segment.millis()).filter(ms -> !Double.isNaN(ms)).sum(), totalMs);
            results.add(NAME, subject, "share: " + segment.name(), share, "%", n, segment.note());
            if (segment.lockOrSerial()) {
                lockOrSerialShares.put(segment.name(), share);
            }
        }
        reportDeliveryStages(subject, totalMs, timers.delivery(), lockOrSerialShares);
        reportMediaJobs(subject, totalMs, timers.mediaJobs(), lockOrSerialShares);
        sessionMs.forEach((service, byClass) -> {
            double locks = 0;
            double statements = 0;
            for (Map.Entry<String, Double> wait : byClass.entrySet()) {
                String waitClass = wait.getKey();
                if (waitClass.startsWith("Lock/")) {
                    if (!(service.equals(Platform.CONSENT) && waitClass.equals(ActiveSessionHistory.ONE_KEY_ADVISORY_LOCK))) {
                        locks += wait.getValue();
                    }
                } else if (!waitClass.equals(ActiveSessionHistory.TRANSACTION_OPEN)) {
                    statements += wait.getValue();
                }
            }
            String source = "pg_stat_activity every " + ActiveSessionHistory.EVERY.toMillis() + " ms: session time over the erasures' summed receipt time";
            if (service.equals(Platform.CONSENT)) {
                double ledger = share(byClass.getOrDefault(ActiveSessionHistory.ONE_KEY_ADVISORY_LOCK, 0.0), totalMs);
                results.add(NAME, subject, "share: ledger lock (waiting, consent)", ledger, "%", n,
                        source + "; sessions waiting on Lock/advisory with the ledger's one-key shape (pg_locks)");
                lockOrSerialShares.put("ledger lock (waiting, consent)", ledger);
            }
            String database = platform.database(service).database();
            double otherLocks = share(locks, totalMs);
            results.add(NAME, subject, "share: other locks (" + database + ")", otherLocks, "%", n,
                    source + "; row, table and per-child or per-parent advisory locks (e.g. the consent projection's)");
            lockOrSerialShares.put("other locks (" + database + ")", otherLocks);
            results.add(NAME, subject, "share: statements running (" + database + ")", share(statements, totalMs), "%", n,
                    source + "; on CPU, I/O, WAL, internal waits");
            results.add(NAME, subject, "share: transaction open, service working (" + database + ")",
                    share(byClass.getOrDefault(ActiveSessionHistory.TRANSACTION_OPEN, 0.0), totalMs), "%", n,
                    source + "; idle in transaction (the ledger lock's holder signs here)");
        });
        results.add(NAME, subject, "Keycloak on the receipt's path", 0, "%", n,
                "by construction: toy identities are withdrawn after the participant's transaction committed, off its report");
        results.add(NAME, subject, "toy identity withdrawals pending at the last receipt", pendingAtEnd, "rows", n,
                "profile-service's toy_identity_withdrawal: Keycloak's backlog");
        results.add(NAME, subject, "Keycloak backlog drained after the last receipt", drainedMs, "ms", n, "polled every 100 ms");

        Map.Entry<String, Double> largest = lockOrSerialShares.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
        results.add(NAME, subject, "goal: largest lock or serial-step share", largest.getValue(), "%", n, "goal <= " + SHARE_GOAL_PERCENT
                + "% (issue 21 item 3, at 50 in flight): " + largest.getKey() + (largest.getValue() <= SHARE_GOAL_PERCENT ? "; met" : "; not met"));
        double ratio = perSecond / BASELINE_PER_SECOND;
        results.add(NAME, subject, "goal: erasures/s over the baseline", ratio, "ratio", n, "goal >= " + THROUGHPUT_GOAL
                + " with 1 instance (issue 21 item 3); baseline " + BASELINE_PER_SECOND + "/s, issue 21: 30 in flight, one media-service"
                + (ratio >= THROUGHPUT_GOAL ? "; met" : "; not met"));
    }

    /**
     * Each Kafka hop's time split by the receiving service's own timers (event-backbone's {@code KeyOrderedDispatch}):
     * the broker's stage (the record's time until the consumer's poll returned it: the producer's batch, the broker,
     * the fetch), the service's channel (the connector's buffer and event loop) and its dispatch queue (a slot, the
     * key's earlier records, a thread). Each is a step every record of the channel passes, so the goal applies to each;
     * the handler stage is the erasure's own work (the participant erasing, consent-service accepting the report).
     */
    private void reportDeliveryStages(String subject, double totalMs, Map<String, PrometheusTimers> delivery,
                                      Map<String, Double> lockOrSerialShares) {
        List<KafkaHop> hops = List.of(
                new KafkaHop("consent -> " + Platform.PROFILE, Platform.PROFILE, "erasure-requests"),
                new KafkaHop("consent -> " + Platform.MEDIA, Platform.MEDIA, "erasure-requests"),
                new KafkaHop(Platform.PROFILE + " -> consent", Platform.CONSENT, "profile-erasure-reports"),
                new KafkaHop(Platform.MEDIA + " -> consent", Platform.CONSENT, "media-erasure-reports"));
        for (KafkaHop hop : hops) {
            PrometheusTimers stages = delivery.get(hop.receiver());
            for (String stage : DELIVERY_STAGES) {
                double records = stages.count(hop.channel(), stage);
                double ms = stages.seconds(hop.channel(), stage) * 1e3;
                String name = "Kafka hop " + hop.name() + ", " + stage;
                String note = hop.receiver() + "'s kidsafe_events_delivery_seconds{channel=\"" + hop.channel() + "\",stage=\"" + stage
                        + "\"}, every instance, difference of scrapes around the measured erasures";
                results.add(NAME, subject, name + ", mean", records > 0 ? ms / records : Double.NaN, "ms", (int) records, note);
                double share = share(ms, totalMs);
                results.add(NAME, subject, "share: " + name, share, "%", (int) records, note);
                if (!stage.equals("handler")) {
                    lockOrSerialShares.put(name, share);
                }
            }
        }
    }

    /** A Kafka hop of the saga: the service that receives it and its channel, whose timers split the hop. */
    private record KafkaHop(String name, String receiver, String channel) {
    }

    /**
     * media-service's erasure worker: a job waits for one of the worker's slots (a serial step, so the goal applies),
     * then runs (the blob deletes and the report: the erasure's own work). Inside the segment "media-service erasing".
     */
    private void reportMediaJobs(String subject, double totalMs, PrometheusTimers jobs, Map<String, Double> lockOrSerialShares) {
        for (String stage : List.of("waiting", "running")) {
            double count = jobs.count(stage);
            double ms = jobs.seconds(stage) * 1e3;
            String name = "media-service's erasure jobs, " + stage;
            String note = "media-service's kidsafe_media_erasure_jobs_seconds{stage=\"" + stage + "\"} (ErasureWorker), every instance"
                    + (stage.equals("waiting") ? "; from the key's destruction until a worker claimed the job" : "; claimed until its slot was free");
            results.add(NAME, subject, name + ", mean", count > 0 ? ms / count : Double.NaN, "ms", (int) count, note);
            double share = share(ms, totalMs);
            results.add(NAME, subject, "share: " + name, share, "%", (int) count, note);
            if (stage.equals("waiting")) {
                lockOrSerialShares.put(name, share);
            }
        }
    }

    /**
     * Where the machine's CPU went while the erasures ran (issue 22 item 2: CPU beside wall time): on 2 cores, 50
     * erasures in flight keep every core busy, so erasures per second is the cores over the CPU one erasure costs in
     * all processes together; this says which process to make cheaper. Everything the processes did in the window is
     * charged to the erasures, the app's polls, the Keycloak withdrawals and the mails included.
     */
    private void reportCpu(int erasures, ProcessCpu.Window used) {
        String subject = "CPU per erasure, " + settings.inFlight() + " in flight, " + settings.replicas() + " instance(s) per service";
        List<String> groups = List.copyOf(used.seconds().keySet());
        results.add(NAME, subject, "all processes of the platform", used.total(groups) * 1e3 / erasures, "CPU-ms", erasures,
                "user + system CPU (/proc) over the measured erasures, the harness (Kafka, the app's requests) included");
        for (String group : groups) {
            results.add(NAME, subject, group, used.total(List.of(group)) * 1e3 / erasures, "CPU-ms", erasures,
                    "user + system CPU (/proc/<pid>/stat, reaped children included), every instance");
        }
        results.add(NAME, subject, "machine busy", used.machineBusySeconds() / used.wallSeconds(), "cores", erasures,
                "every process on the machine (/proc/stat); beyond the platform's, other work shared the cores");
    }

    /**
     * The erasure's path, segment by segment, from its own timestamps. The relays are serial steps (one relay per
     * service). A Kafka hop is several steps, which the receiver's timers split ({@link #reportDeliveryStages}): each of
     * them but the handler's own work counts toward the goal there.
     */
    private static List<Segment> segments() {
        List<Segment> segments = new ArrayList<>();
        segments.add(new Segment("DELETE sent -> saga started", false, s -> ErasureBenchmark.millis(s.sentAt(), s.saga().requested()),
                "the gateway and consent-service until requestedAt"));
        segments.add(new Segment("Kafka hop consent -> participants: commit and relay", true,
                s -> ErasureBenchmark.millis(s.saga().requested(), s.saga().requestSent()),
                "requestedAt to the request's Kafka record time: the saga's commit (ledger lock included) and the outbox relay"));
        for (String service : ErasureBenchmark.PARTICIPANTS) {
            segments.add(new Segment("Kafka hop consent -> " + service, false,
                    s -> ErasureBenchmark.millis(s.saga().requestSent(), s.saga().of(service).requestReceived()),
                    "the request's Kafka record time to the participant's receivedAt: broker and its consumer (one per partition)"));
            segments.add(new Segment(service + " erasing", false,
                    s -> ErasureBenchmark.millis(s.saga().of(service).requestReceived(), s.saga().of(service).reportSigned()),
                    "receivedAt to the report signed (keys, rows, files, re-check; media's job queue)"));
            segments.add(new Segment(service + " relaying its report", true,
                    s -> ErasureBenchmark.millis(s.saga().of(service).reportSigned(), s.saga().of(service).reportSent()),
                    "report signed to the report's Kafka record time: the participant's commit and its outbox relay"));
            segments.add(new Segment("Kafka hop " + service + " -> consent", false,
                    s -> ErasureBenchmark.millis(s.saga().of(service).reportSent(), s.saga().of(service).reportAccepted()),
                    "the report's Kafka record time to consent-service's receivedAt: broker, consent-service's report channel"));
        }
        segments.add(new Segment("last report accepted -> receipt signed", false,
                s -> ErasureBenchmark.millis(s.saga().last().reportAccepted(), s.saga().receiptSigned()),
                "consent-service's accepting transaction: ledger append (lock) and signing"));
        return segments;
    }

    /** p50, p95 and p99; segments only p50 and p95 (their p99 over a few hundred erasures is one or two values). */
    private void percentiles(String subject, String metric, List<Sample> samples, ToDoubleFunction<Sample> millis, String note) {
        percentiles(subject, metric, samples, millis, note, new int[] {50, 95, 99});
    }

    private void percentiles(String subject, String metric, List<Sample> samples, ToDoubleFunction<Sample> millis, String note, int[] ranks) {
        List<Double> values = samples.stream().mapToDouble(millis).filter(ms -> !Double.isNaN(ms)).boxed().toList();
        for (int p : ranks) {
            results.add(NAME, subject, metric + " p" + p, Stats.percentile(values, p), "ms", values.size(), note);
        }
    }

    /** {@code part} as a percentage of {@code whole}. */
    static double share(double part, double whole) {
        return whole <= 0 ? Double.NaN : part * 100 / whole;
    }
}
