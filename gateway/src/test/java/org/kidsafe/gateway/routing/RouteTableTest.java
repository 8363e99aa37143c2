package org.kidsafe.gateway.routing;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RouteTableTest {

    /** Listed least specific first on purpose: the table must order them itself. */
    private final RouteTable table = new RouteTable(List.of(
            Route.parse("consent", "/v1/children/*/**"),
            Route.parse("consent", "/v1/children"),
            Route.parse("consent", "/v1/children/*"),
            Route.parse("media", "/v1/children/*/media/**"),
            Route.parse("media", "POST|PUT /v1/children/*/media media"),
            Route.parse("profile", "/v1/children/*/profile/**"),
            Route.parse("consent", "/v1/notices/**"),
            Route.parse("consent", "GET /v1/notices/current public"),
            Route.parse("gateway", "GET /v1/children/*/holdings")));

    @Test
    void theMostSpecificRouteWinsWhateverTheOrderOfConfiguration() {
        assertEquals("consent", owner("GET", "/v1/children"));
        assertEquals("consent", owner("GET", "/v1/children/42"));
        assertEquals("consent", owner("GET", "/v1/children/42/consents/PHOTOS"));
        assertEquals("profile", owner("GET", "/v1/children/42/profile"));
        assertEquals("profile", owner("PUT", "/v1/children/42/profile/avatar"));
        assertEquals("media", owner("GET", "/v1/children/42/media"));
        assertEquals("media", owner("GET", "/v1/children/42/media/7/content"));
        assertEquals("gateway", owner("GET", "/v1/children/42/holdings"));
        assertEquals("consent", owner("DELETE", "/v1/children/42/holdings"));
    }

    @Test
    void aMethodSpecificLineBeatsTheGeneralOneForTheSamePath() {
        Route upload = table.match("POST", "/v1/children/42/media").orElseThrow();
        assertTrue(upload.media());
        assertFalse(table.match("GET", "/v1/children/42/media").orElseThrow().media());
        assertTrue(table.match("GET", "/v1/notices/current").orElseThrow().open());
        assertFalse(table.match("PUT", "/v1/notices/current").orElseThrow().open());
        assertFalse(table.match("GET", "/v1/notices/current/extra").orElseThrow().open());
    }

    @Test
    void aPathNoRouteCoversHasNoOwner() {
        assertEquals(Optional.empty(), table.match("GET", "/v1/unknown"));
        assertEquals(Optional.empty(), table.match("GET", "/v2/children"));
        assertEquals(Optional.empty(), table.match("GET", "/"));
    }

    @Test
    void doubleStarMatchesNothingMoreAsWell() {
        assertTrue(PathPattern.parse("/v1/notices/**").matches(List.of("v1", "notices")));
        assertFalse(PathPattern.parse("/v1/notices/*").matches(List.of("v1", "notices")));
    }

    @Test
    void malformedRoutesAreRejectedAtStartup() {
        assertThrows(IllegalArgumentException.class, () -> Route.parse("x", "GET"));
        assertThrows(IllegalArgumentException.class, () -> Route.parse("x", "v1/no-slash"));
        assertThrows(IllegalArgumentException.class, () -> Route.parse("x", "/v1/**/tail"));
        assertThrows(IllegalArgumentException.class, () -> Route.parse("x", "/v1/a secret"));
    }

    private String owner(String method, String path) {
        return table.match(method, path).map(Route::service).orElse("none");
    }

    /** Issue 17 item 1: what the metrics name a route by; no concrete path, so no id, ever reaches a label. */
    @Test
    void aRouteIsNamedInMetricsByItsTemplate() {
        assertEquals("/v1/children", PathPattern.parse("/v1/children").template());
        assertEquals("/v1/children/{childId}", PathPattern.parse("/v1/children/*").template());
        assertEquals("/v1/children/{childId}/media/**", PathPattern.parse("/v1/children/*/media/**").template());
        assertEquals("/v1/toys/{toyId}/parties/{partyId}", PathPattern.parse("/v1/toys/*/parties/*").template());
        assertEquals("/v1/display-names/{displayNameId}", PathPattern.parse("/v1/display-names/*").template());
        assertEquals("/{id}/{id}", PathPattern.parse("/*/*").template());
    }

    /** A trailing '**' that matched nothing is named by the concrete prefix, as issue 17's example names the request. */
    @Test
    void aRestThatMatchedNothingIsNamedByItsPrefix() {
        Route media = Route.parse("media-service", "/v1/children/*/media/**");
        assertEquals("/v1/children/{childId}/media", media.template("/v1/children/42/media"));
        assertEquals("/v1/children/{childId}/media/**", media.template("/v1/children/42/media/7"));
        assertEquals("/v1/children/{childId}", Route.parse("x", "/v1/children/*").template("/v1/children/42"));
        assertEquals("/", Route.parse("x", "/**").template("/"));
    }
}
