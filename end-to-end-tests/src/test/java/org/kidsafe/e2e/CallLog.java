package org.kidsafe.e2e;

import org.kidsafe.launcher.client.Answer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** Every call a fault or load test made through the gateway: what it answered and how long it took. */
final class CallLog {

    record Call(String operation, long startedNanos, long nanos, int status, String contentType, String retryAfter, String body) {

        boolean succeeded() {
            return status >= 200 && status < 300;
        }

        boolean isProblem() {
            return contentType.startsWith("application/problem+json");
        }

        /** What a client must never see: an internal class name, a stack frame or SQL. */
        boolean leaksInternals() {
            return body.contains("Exception") || body.contains("\tat ") || body.contains("org.kidsafe.") || body.contains("org.hibernate")
                    || body.contains("SQLState") || body.contains("SELECT ") || body.contains("INSERT ");
        }

        @Override
        public String toString() {
            return operation + " -> " + status + " " + contentType + (retryAfter.isEmpty() ? "" : " Retry-After " + retryAfter) + " " + body;
        }
    }

    private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();

    /**
     * Makes the call (through the generated client), records it, and returns the answer. A call that gets no HTTP answer
     * at all is recorded as status 0; a refusal's body is its problem as the client read it.
     */
    <T> Answer<T> record(String operation, Supplier<Answer<T>> call) {
        long start = System.nanoTime();
        try {
            Answer<T> response = call.get();
            String body = String.valueOf(response.problem() != null ? response.problem() : response.body());
            calls.add(new Call(operation, start, System.nanoTime() - start, response.status(), response.header("Content-Type"),
                    response.header("Retry-After"), body.length() > 400 ? body.substring(0, 400) : body));
            return response;
        } catch (RuntimeException e) {
            calls.add(new Call(operation, start, System.nanoTime() - start, 0, "", "", "no answer: " + e));
            return null;
        }
    }

    /** A call made by other means than the API client, e.g. to Keycloak's token endpoint. */
    void add(Call call) {
        calls.add(call);
    }

    List<Call> calls() {
        return new ArrayList<>(calls);
    }

    List<Call> matching(java.util.function.Predicate<Call> predicate) {
        return calls.stream().filter(predicate).toList();
    }

    /** Count of calls per operation and status, e.g. {@code {"chat": {"201": 40, "503": 3}}}. */
    Map<String, Map<Integer, Long>> statusCounts() {
        Map<String, Map<Integer, Long>> counts = new TreeMap<>();
        for (Call call : calls) {
            counts.computeIfAbsent(call.operation(), operation -> new TreeMap<>()).merge(call.status(), 1L, Long::sum);
        }
        return counts;
    }

    /** Latency percentiles in milliseconds, overall ("all") and per operation. */
    Map<String, Map<String, Double>> latencies() {
        Map<String, Map<String, Double>> result = new LinkedHashMap<>();
        result.put("all", percentiles(calls()));
        calls.stream().collect(Collectors.groupingBy(Call::operation, TreeMap::new, Collectors.toList()))
                .forEach((operation, ofOperation) -> result.put(operation, percentiles(ofOperation)));
        return result;
    }

    private static Map<String, Double> percentiles(List<Call> calls) {
        List<Long> sorted = calls.stream().map(Call::nanos).sorted(Comparator.naturalOrder()).toList();
        Map<String, Double> result = new LinkedHashMap<>();
        result.put("count", (double) sorted.size());
        result.put("p50", millis(percentile(sorted, 50)));
        result.put("p99", millis(percentile(sorted, 99)));
        result.put("max", millis(sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1)));
        return result;
    }

    /** Nearest-rank percentile. */
    private static long percentile(List<Long> sorted, int percent) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 10_000.0) / 100.0;
    }
}
