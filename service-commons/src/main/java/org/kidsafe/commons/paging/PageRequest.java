package org.kidsafe.commons.paging;

import org.kidsafe.commons.problem.ProblemException;

import java.util.List;
import java.util.function.Function;

/**
 * What a client asked of a paginated list: the position after which to start ({@code after}, a {@link Cursor}) and
 * at most how many items ({@code limit}, 1 to {@value #MAX_LIMIT}, {@value #DEFAULT_LIMIT} when absent). Every list that
 * grows is read through one of these (issue 20 item 4), so no endpoint loads, or decrypts, more than one page.
 */
public record PageRequest(Cursor after, int limit) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    /** The query parameters' names, and their description for the OpenAPI document. */
    public static final String AFTER = "after";
    public static final String LIMIT = "limit";
    public static final String AFTER_DESCRIPTION = "The `next` cursor of the previous page; absent for the first page.";
    public static final String LIMIT_DESCRIPTION = "Items per page, 1 to " + MAX_LIMIT + " (default " + DEFAULT_LIMIT + ").";

    /** @throws ProblemException 400 for a limit out of range or a cursor this API did not write */
    public static PageRequest of(String after, Integer limit) {
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw invalidLimit();
        }
        return new PageRequest(after == null || after.isBlank() ? null : Cursor.decode(after), size);
    }

    /** As {@link #of}, from the query's text: a limit that is not a whole number is the same 400 as one out of range. */
    public static PageRequest parse(String after, String limit) {
        if (limit == null || limit.isBlank()) {
            return of(after, null);
        }
        try {
            return of(after, Integer.valueOf(limit.strip()));
        } catch (NumberFormatException e) {
            throw invalidLimit();
        }
    }

    private static ProblemException invalidLimit() {
        return ProblemException.badRequest("invalid-limit", "'limit' must be a whole number between 1 and " + MAX_LIMIT + ".");
    }

    /** How many rows to fetch: one more than the page, to know whether another page follows without counting. */
    public int fetchSize() {
        return limit + 1;
    }

    /**
     * The page from rows fetched in order after {@link #after()}, at most {@link #fetchSize()} of them.
     *
     * @param position where a row sits in the list's order, for the {@code next} cursor
     */
    public <T> Page<T> page(List<T> fetched, Function<T, Cursor> position) {
        if (fetched.size() <= limit) {
            return new Page<>(List.copyOf(fetched), null);
        }
        List<T> items = List.copyOf(fetched.subList(0, limit));
        return new Page<>(items, position.apply(items.get(limit - 1)).encode());
    }
}
