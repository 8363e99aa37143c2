package org.kidsafe.gateway.routing;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A route's announced removal and the v1 sunset period (docs/api.md, "Stability"). */
class DeprecationTest {

    @Test
    void aDeprecatedRouteCarriesBothDatesInTheirHeaderForms() {
        Route route = Route.parse("consent-service", "DELETE /v1/children/* deprecated=2027-01-01 sunset=2027-07-01");
        assertEquals(new Deprecation(LocalDate.of(2027, 1, 1), LocalDate.of(2027, 7, 1)), route.deprecation());
        // RFC 9745: @ and the seconds since the epoch; RFC 8594: an IMF-fixdate.
        assertEquals("@1798761600", route.deprecation().deprecationHeader());
        assertEquals("Thu, 01 Jul 2027 00:00:00 GMT", route.deprecation().sunsetHeader());
    }

    @Test
    void aRouteWithoutDatesIsNotDeprecated() {
        assertNull(Route.parse("consent-service", "GET /v1/notices/current public").deprecation());
    }

    @Test
    void aSunsetSoonerThanSixMonthsOrAHalfAnnouncementIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> Route.parse("consent-service", "/v1/keys deprecated=2027-01-01 sunset=2027-06-30"));
        assertThrows(IllegalArgumentException.class, () -> Route.parse("consent-service", "/v1/keys sunset=2027-07-01"));
        assertThrows(IllegalArgumentException.class, () -> Route.parse("consent-service", "/v1/keys deprecated=2027-01-01"));
    }
}
