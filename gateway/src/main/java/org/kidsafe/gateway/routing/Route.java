package org.kidsafe.gateway.routing;

import java.time.LocalDate;
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
 * @param deprecation its announced removal ({@code deprecated=YYYY-MM-DD sunset=YYYY-MM-DD}), or null if none
 */
public record Route(String service, Set<String> methods, PathPattern pattern, boolean open, boolean media,
                    Deprecation deprecation) {

    /** Most specific pattern first; at the same pattern, a line for named methods before a line for all. */
    private static final String DEPRECATED = "deprecated=";
    private static final String SUNSET = "sunset=";

    static final Comparator<Route> MOST_SPECIFIC_FIRST = Comparator.comparing(Route::pattern)
            .thenComparing(route -> route.methods().isEmpty());

    /** Parses {@code [METHOD[|METHOD]] /pattern [public] [media] [deprecated=YYYY-MM-DD sunset=YYYY-MM-DD]}. */
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
        LocalDate deprecated = null;
        LocalDate sunset = null;
        for (; index < words.length; index++) {
            String word = words[index];
            if (word.equals("public")) {
                open = true;
            } else if (word.equals("media")) {
                media = true;
            } else if (word.startsWith(DEPRECATED)) {
                deprecated = LocalDate.parse(word.substring(DEPRECATED.length()));
            } else if (word.startsWith(SUNSET)) {
                sunset = LocalDate.parse(word.substring(SUNSET.length()));
            } else {
                throw new IllegalArgumentException("Unknown route flag '" + word + "' in: " + spec);
            }
        }
        if ((deprecated == null) != (sunset == null)) {
            throw new IllegalArgumentException("A deprecated route names both its deprecation and its sunset date: " + spec);
        }
        return new Route(service, methods, pattern, open, media, deprecated == null ? null : new Deprecation(deprecated, sunset));
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
