package org.kidsafe.gateway.routing;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * A route's announced removal (docs/api.md, "Stability"): from {@code deprecated} on, every answer of the route carries
 * {@code Deprecation: @<epoch seconds>} (RFC 9745) and {@code Sunset: <HTTP-date>} (RFC 8594), and the gateway's
 * OpenAPI document marks its operations {@code deprecated: true} with the date in {@code x-sunset}. The v1 promise of
 * a sunset period of at least {@link #MINIMUM_PERIOD_MONTHS} months is checked here, when the route table is read, so
 * a shorter one stops the gateway from starting rather than surprising a client.
 */
public record Deprecation(LocalDate deprecated, LocalDate sunset) {

    public static final int MINIMUM_PERIOD_MONTHS = 6;
    /** RFC 9110's IMF-fixdate (two-digit day, unlike RFC_1123_DATE_TIME's). */
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH);

    public Deprecation {
        if (sunset.isBefore(deprecated.plusMonths(MINIMUM_PERIOD_MONTHS))) {
            throw new IllegalArgumentException("A sunset must come at least " + MINIMUM_PERIOD_MONTHS
                    + " months after the deprecation (docs/api.md, \"Stability\"): deprecated=" + deprecated + " sunset=" + sunset);
        }
    }

    /** RFC 9745: a structured-field Date, the deprecation's start in seconds since the epoch. */
    public String deprecationHeader() {
        return "@" + deprecated.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    }

    /** RFC 8594: an HTTP-date (IMF-fixdate), the start of the sunset day in UTC. */
    public String sunsetHeader() {
        return HTTP_DATE.format(sunset.atStartOfDay(ZoneOffset.UTC));
    }
}
