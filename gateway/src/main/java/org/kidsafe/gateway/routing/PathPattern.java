package org.kidsafe.gateway.routing;

import java.util.List;

/**
 * A path such as {@code /v1/children/*}{@code /profile/**}: literal segments, {@code *} for exactly one
 * segment, and a trailing {@code **} for any number (including none). Patterns order from most to
 * least specific, so the first match in a sorted table is the owner.
 */
public final class PathPattern implements Comparable<PathPattern> {

    private static final String ONE = "*";
    private static final String REST = "**";

    private final String text;
    private final List<String> segments;
    private final String template;
    /** The template of the pattern without its trailing {@code **}; null if it has none. */
    private final String prefixTemplate;

    private PathPattern(String text, List<String> segments) {
        this.text = text;
        this.segments = segments;
        this.template = templateOf(segments);
        this.prefixTemplate = segments.isEmpty() || !segments.get(segments.size() - 1).equals(REST)
                ? null
                : templateOf(segments.subList(0, segments.size() - 1));
    }

    public static PathPattern parse(String text) {
        if (!text.startsWith("/")) {
            throw new IllegalArgumentException("A route pattern starts with '/': " + text);
        }
        List<String> segments = Paths.segments(text);
        int rest = segments.indexOf(REST);
        if (rest >= 0 && rest != segments.size() - 1) {
            throw new IllegalArgumentException("'**' may only end a route pattern: " + text);
        }
        return new PathPattern(text, segments);
    }

    public boolean matches(List<String> path) {
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            if (segment.equals(REST)) {
                return true;
            }
            if (i >= path.size() || !(segment.equals(ONE) || segment.equals(path.get(i)))) {
                return false;
            }
        }
        return path.size() == segments.size();
    }

    /**
     * Position by position: the pattern's end (nothing more may follow) before a literal, before
     * {@code *}, before {@code **}. So {@code /v1/children/*}{@code /media} sorts before
     * {@code /v1/children/*}{@code /media/**}, and both before {@code /v1/children/*}{@code /**}.
     */
    @Override
    public int compareTo(PathPattern other) {
        int longest = Math.max(segments.size(), other.segments.size());
        for (int i = 0; i < longest; i++) {
            int difference = rank(i) - other.rank(i);
            if (difference != 0) {
                return difference;
            }
        }
        return 0;
    }

    private int rank(int position) {
        if (position >= segments.size()) {
            return 0;
        }
        String segment = segments.get(position);
        if (segment.equals(REST)) {
            return 3;
        }
        return segment.equals(ONE) ? 2 : 1;
    }

    /**
     * The pattern as a URI template for metrics (issue 17 item 1: route templates, never ids): each {@code *} becomes a
     * placeholder named after the literal segment before it in the singular ({@code children/*} → {@code children/{childId}},
     * {@code toys/*} → {@code toys/{toyId}}; {@code {id}} when no literal precedes it), and a trailing {@code **} stays
     * {@code **} ("this path and anything below it"). Computed once, when the route table is read.
     */
    public String template() {
        return template;
    }

    /**
     * The template naming a {@code path} this pattern matched: {@link #template()}, except where a trailing {@code **}
     * matched no segment, which is named by the concrete prefix ({@code /v1/children/{childId}/media} for
     * {@code /v1/children/42/media}), as the issue's example names that request. Still one of two names per route.
     */
    public String template(List<String> path) {
        return prefixTemplate != null && path.size() == segments.size() - 1 ? prefixTemplate : template;
    }

    private static String templateOf(List<String> segments) {
        StringBuilder template = new StringBuilder();
        String previous = null;
        for (String segment : segments) {
            template.append('/').append(segment.equals(ONE) ? "{" + placeholder(previous) + "}" : segment);
            previous = segment;
        }
        return template.isEmpty() ? "/" : template.toString();
    }

    private static String placeholder(String previous) {
        if (previous == null || previous.equals(ONE) || previous.equals(REST)) {
            return "id";
        }
        String singular;
        if (previous.equals("children")) {
            singular = "child";
        } else if (previous.endsWith("ies")) {
            singular = previous.substring(0, previous.length() - 3) + "y";
        } else if (previous.endsWith("s")) {
            singular = previous.substring(0, previous.length() - 1);
        } else {
            singular = previous;
        }
        return camelCase(singular) + "Id";
    }

    /** "display-names" → "displayNames". */
    private static String camelCase(String segment) {
        StringBuilder name = new StringBuilder();
        boolean upper = false;
        for (char c : segment.toCharArray()) {
            if (c == '-' || c == '_') {
                upper = true;
            } else {
                name.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return name.toString();
    }

    @Override
    public String toString() {
        return text;
    }
}
