package org.kidsafe.commons.paging;

import org.junit.jupiter.api.Test;
import org.kidsafe.commons.problem.ProblemException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PageRequestTest {

    record Row(Instant at, UUID id) {
    }

    @Test
    void aCursorSurvivesItsRoundTrip() {
        Cursor cursor = new Cursor(Instant.parse("2026-12-06T10:15:30.123456Z"), UUID.randomUUID());
        assertEquals(cursor, Cursor.decode(cursor.encode()));
    }

    @Test
    void cursorsAndLimitsThisApiDidNotWriteAreRefusedAs400() {
        for (String forged : List.of("x", "bm90IGEgY3Vyc29y", new Cursor(Instant.EPOCH, UUID.randomUUID()).encode().substring(3), "%%%")) {
            assertEquals(400, assertThrows(ProblemException.class, () -> PageRequest.of(forged, null)).status(), forged);
        }
        for (int limit : new int[] {0, -1, PageRequest.MAX_LIMIT + 1}) {
            assertEquals(400, assertThrows(ProblemException.class, () -> PageRequest.of(null, limit)).status());
        }
        assertEquals(PageRequest.DEFAULT_LIMIT, PageRequest.of(null, null).limit());
        for (String limit : new String[] {"abc", "1.5", "99999999999", "0x10"}) {
            assertEquals(400, assertThrows(ProblemException.class, () -> PageRequest.parse(null, limit)).status(), limit);
        }
        assertEquals(17, PageRequest.parse(null, "17").limit());
        assertEquals(PageRequest.DEFAULT_LIMIT, PageRequest.parse(null, null).limit());
    }

    /** Walks 1,000 rows the way a keyset query answers them: each row exactly once, and the last page says so. */
    @Test
    void pagesVisitEveryRowOnce() {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        List<Row> rows = IntStream.range(0, 1000).mapToObj(i -> new Row(start.plusMillis(i / 3), UUID.randomUUID()))
                .sorted((a, b) -> a.at().equals(b.at()) ? a.id().compareTo(b.id()) : a.at().compareTo(b.at())).toList();
        Set<UUID> seen = new HashSet<>();
        List<Row> inOrder = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            PageRequest request = PageRequest.of(next, 64);
            List<Row> fetched = rows.stream().filter(row -> request.after() == null || after(row, request.after()))
                    .limit(request.fetchSize()).toList();
            Page<Row> page = request.page(fetched, row -> new Cursor(row.at(), row.id()));
            page.items().forEach(row -> assertTrue(seen.add(row.id()), "seen twice: " + row));
            inOrder.addAll(page.items());
            next = page.next();
            pages++;
        } while (next != null);
        assertEquals(rows, inOrder);
        assertEquals(16, pages);
        assertNull(PageRequest.of(null, null).page(List.<Row>of(), row -> null).next());
    }

    private static boolean after(Row row, Cursor cursor) {
        int byTime = row.at().compareTo(cursor.at());
        return byTime > 0 || byTime == 0 && row.id().compareTo(cursor.id()) > 0;
    }
}
