package org.kidsafe.e2e;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Every item of a paged list (issue 20 item 4), as a client reads one: pages of the maximum size, following {@code next}
 * until it is null. A list's first page alone would miss what a busy shared account (Alice) accumulates across ITs.
 */
final class Pages {

    private Pages() {
    }

    /** @param get answers a GET of a path (with its query) as the list's owner */
    static List<JsonNode> all(String path, Function<String, ApiResponse> get) {
        List<JsonNode> items = new ArrayList<>();
        String next = null;
        do {
            // The cursor is base64url: safe in a query string as it is.
            JsonNode page = get.apply(path + (path.contains("?") ? "&" : "?") + "limit=200" + (next == null ? "" : "&after=" + next)).expect(200);
            page.path("items").forEach(items::add);
            next = page.path("next").isTextual() ? page.path("next").asText() : null;
        } while (next != null);
        return items;
    }
}
