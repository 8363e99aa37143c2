package org.kidsafe.gateway.routing;

import java.util.Comparator;
import java.util.Locale;
import java.util.Set;

/**
 * One line of the route table.
 *
 * @param service the downstream service, or the gateway's own name ({@code quarkus.application.name}) for its own endpoints
 * @param methods the methods it applies to; empty for all
 * @param open    true if it needs no token (still rate-limited per client address)
 * @param media   true if its request bodies are media (bigger limit, media content types)
 */
public record Route(String service, Set<String> methods, PathPattern pattern, boolean open, boolean media) {

    /** Most specific pattern first; at the same pattern, a line for named methods before a line for all. */
    static final Comparator<Route> MOST_SPECIFIC_FIRST = Comparator.comparing(Route::pattern)
            .thenComparing(route -> route.methods().isEmpty());

    /** Parses {@code [METHOD[|METHOD]] /pattern [public] [media]}. */
    public static Route parse(String service, String spec) {
        String[] words = spec.trim().split("\\s+");
        int index = 0;
        Set<String> methods = Set.of();
        if (!words[0].startsWith("/")) {
            methods = Set.of(words[0].toUpperCase(Locale.ROOT).split("\\|"));
            index++;
        }
        if (index >= words.length) {
            throw new IllegalArgumentException("Route of " + service + " has no path: " + spec);
        }
        PathPattern pattern = PathPattern.parse(words[index++]);
        boolean open = false;
        boolean media = false;
        for (; index < words.length; index++) {
            switch (words[index]) {
                case "public" -> open = true;
                case "media" -> media = true;
                default -> throw new IllegalArgumentException("Unknown route flag '" + words[index] + "' in: " + spec);
            }
        }
        return new Route(service, methods, pattern, open, media);
    }

    boolean appliesTo(String method) {
        return methods.isEmpty() || methods.contains(method);
    }

    /**
     * The metrics' {@code uri} template of {@code path}, a service path this line matched
     * ({@link PathPattern#template(java.util.List)}).
     */
    public String template(String path) {
        return pattern.template(Paths.segments(path));
    }

    /** A stable, low-cardinality name for metrics. */
    public String label() {
        return (methods.isEmpty() ? "" : String.join("|", methods.stream().sorted().toList()) + " ") + pattern;
    }
}
