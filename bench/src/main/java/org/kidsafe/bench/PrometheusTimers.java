package org.kidsafe.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One timer's series in services' {@code /q/metrics} (Prometheus text format): seconds summed and events counted, by
 * the values of some of its labels (e.g. {@code channel} and {@code stage}), summed over every scrape added (a
 * service's instances). The difference of two such sums holds exactly what was timed between them, so the
 * erasure-throughput benchmark reads the services' own timers around its measured erasures.
 *
 * @param seconds seconds summed, by the labels' values joined with "/"
 * @param counts  events counted, by the same key
 */
record PrometheusTimers(Pattern series, List<String> labels, Map<String, Double> seconds, Map<String, Double> counts) {

    /** Timer {@code name} as Micrometer names it in Prometheus ({@code kidsafe.events.delivery}: {@code kidsafe_events_delivery_seconds}). */
    static PrometheusTimers of(String name, String... labels) {
        // The label set runs to the line's last '}': a label's value may hold braces (the gateway's route="/v1/children/{id}").
        Pattern series = Pattern.compile("^" + Pattern.quote(name.replace('.', '_') + "_seconds_") + "(sum|count)\\{(.*)}\\s+(\\S+)$",
                Pattern.MULTILINE);
        return new PrometheusTimers(series, List.of(labels), Map.of(), Map.of());
    }

    /** Adds a scrape's series (one instance's {@code /q/metrics}) to these. */
    PrometheusTimers plus(String scrape) {
        Map<String, Double> sums = new HashMap<>(seconds);
        Map<String, Double> events = new HashMap<>(counts);
        Matcher line = series.matcher(scrape);
        while (line.find()) {
            String key = key(line.group(2));
            if (key != null) {
                (line.group(1).equals("sum") ? sums : events).merge(key, Double.parseDouble(line.group(3)), Double::sum);
            }
        }
        return new PrometheusTimers(series, labels, sums, events);
    }

    /** What was timed after {@code earlier}, a sum over the same instances. */
    PrometheusTimers minus(PrometheusTimers earlier) {
        Map<String, Double> sums = new HashMap<>(seconds);
        Map<String, Double> events = new HashMap<>(counts);
        earlier.seconds.forEach((key, value) -> sums.merge(key, -value, Double::sum));
        earlier.counts.forEach((key, value) -> events.merge(key, -value, Double::sum));
        return new PrometheusTimers(series, labels, sums, events);
    }

    /** Seconds summed for these label values, in the order of {@link #labels}. */
    double seconds(String... values) {
        return seconds.getOrDefault(String.join("/", values), 0.0);
    }

    double count(String... values) {
        return counts.getOrDefault(String.join("/", values), 0.0);
    }

    /** The series' label values joined, or null when it lacks one of the labels. */
    private String key(String labelText) {
        StringBuilder key = new StringBuilder();
        for (String label : labels) {
            Matcher value = Pattern.compile("(?:^|,)" + Pattern.quote(label) + "=\"([^\"]*)\"").matcher(labelText);
            if (!value.find()) {
                return null;
            }
            key.append(key.isEmpty() ? "" : "/").append(value.group(1));
        }
        return key.toString();
    }
}
