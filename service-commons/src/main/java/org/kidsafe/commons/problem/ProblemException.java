package org.kidsafe.commons.problem;

import java.util.Map;

/**
 * A refusal the client can act on, answered as problem+json with its own status. Messages are
 * written for API clients and never carry personal information.
 */
public class ProblemException extends RuntimeException {

    /**
     * The extension a refusal that may pass later (a 429) carries with the seconds to wait; the error mapper sends it as
     * {@code Retry-After} too, as the gateway does for its own rate limits.
     */
    public static final String RETRY_AFTER_SECONDS = "retryAfterSeconds";

    private final int status;
    private final String slug;
    private final String title;
    private final transient Map<String, Object> extensions;

    public ProblemException(int status, String slug, String title, String detail, Map<String, Object> extensions) {
        super(detail, null, false, false);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.extensions = Map.copyOf(extensions);
    }

    public ProblemException(int status, String slug, String title, String detail) {
        this(status, slug, title, detail, Map.of());
    }

    /** Unknown id, or an id the caller may not know exists: the two are indistinguishable on purpose. */
    public static ProblemException notFound(String what) {
        return new ProblemException(404, "not-found", "Not found", "No " + what + " with that id is visible to you.");
    }

    public static ProblemException conflict(String slug, String detail) {
        return new ProblemException(409, slug, "Conflict", detail);
    }

    public static ProblemException forbidden(String slug, String detail) {
        return new ProblemException(403, slug, "Forbidden", detail);
    }

    public static ProblemException badRequest(String slug, String detail) {
        return new ProblemException(400, slug, "Bad request", detail);
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }
}
