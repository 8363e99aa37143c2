package org.kidsafe.media.item;

import jakarta.ws.rs.core.Response;
import org.kidsafe.commons.problem.ProblemMapper;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One satisfiable byte range of a Range header (RFC 9110 14.2); multiple or malformed ranges are ignored. */
record ByteRange(long first, long last) {

    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d{0,18})-(\\d{0,18})");

    static Optional<ByteRange> parse(String header, long size) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher matcher = SINGLE.matcher(header.trim());
        if (!matcher.matches() || (matcher.group(1).isEmpty() && matcher.group(2).isEmpty())) {
            return Optional.empty();
        }
        if (matcher.group(1).isEmpty()) {
            long suffix = Long.parseLong(matcher.group(2));
            if (suffix == 0 || size == 0) {
                throw unsatisfiable(size);
            }
            return Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
        }
        long first = Long.parseLong(matcher.group(1));
        long last = matcher.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(matcher.group(2)), size - 1);
        if (first >= size) {
            throw unsatisfiable(size);
        }
        if (last < first) {
            return Optional.empty();
        }
        return Optional.of(new ByteRange(first, last));
    }

    long length() {
        return last - first + 1;
    }

    String contentRange(long size) {
        return "bytes " + first + "-" + last + "/" + size;
    }

    private static Unsatisfiable unsatisfiable(long size) {
        return new Unsatisfiable(size);
    }

    /** The range lies outside the content: answered 416 with {@code Content-Range: bytes *}{@code /size}. */
    static final class Unsatisfiable extends RuntimeException {

        private final long size;

        Unsatisfiable(long size) {
            super(null, null, false, false);
            this.size = size;
        }

        Response toResponse() {
            return Response.fromResponse(ProblemMapper.answer(416, "range-not-satisfiable", "Range Not Satisfiable",
                            "The requested range is outside the content.", Map.of("size", size)))
                    .header("Content-Range", "bytes */" + size)
                    .build();
        }
    }
}
