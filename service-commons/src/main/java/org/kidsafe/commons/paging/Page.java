package org.kidsafe.commons.paging;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list: its items and the cursor of the next page, null on the last. Every paginated endpoint answers this
 * envelope, {@code {"items": [...], "next": "..."}}, under a named schema of its own ({@code MediaPage}, {@code ChildPage},
 * ...) so generated clients get a typed item list (issue 20 item 4).
 */
public record Page<T>(List<T> items, String next) {

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), next);
    }
}
