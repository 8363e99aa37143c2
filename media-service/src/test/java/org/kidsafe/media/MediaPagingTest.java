package org.kidsafe.media;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.kidsafe.events.DataCategory;
import org.kidsafe.media.item.ChatService;
import org.kidsafe.testsupport.RealInfrastructureTestResource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The child's media list and the toy's chat inbox are read one page at a time (issue 20 item 4): every item exactly
 * once and in the documented order (storedAt, then id) however many share a time, only the page's chat text decrypted,
 * and a bad cursor or limit refused as any other bad input.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = RealInfrastructureTestResource.class, initArgs = @ResourceArg(name = "service", value = "media"))
class MediaPagingTest {

    private static final String PROBLEM = "application/problem+json";
    private static final String PROBLEMS = "https://kidsafe.dev/problems/";

    @Inject
    ChatService chat;

    @Test
    void aThousandItemsArePagedEachExactlyOnceInTheirOrder() throws SQLException {
        Family family = Family.withConsent(DataCategory.CHAT);
        // Through the service, as a toy's messages arrive; 50 to a transaction, so no flush re-checks a thousand entities.
        for (int batch = 0; batch < 1000; batch += 50) {
            int first = batch;
            QuarkusTransaction.requiringNew().run(() -> {
                for (int i = first; i < first + 50; i++) {
                    chat.fromChild(family.child, family.device, "message " + i);
                }
            });
        }
        // Ten items per millisecond, so the order depends on the id wherever the times tie.
        try (Connection connection = Family.connect(); PreparedStatement tie = connection.prepareStatement("""
                UPDATE media_item m SET stored_at = timestamptz '2026-01-01 00:00:00+00' + (n.rank / 10) * interval '1 millisecond'
                FROM (SELECT id, row_number() OVER (ORDER BY stored_at) - 1 AS rank FROM media_item WHERE child_id = ?) n
                WHERE m.id = n.id""")) {
            tie.setObject(1, family.child);
            assertEquals(1000, tie.executeUpdate());
        }
        List<String> expected = storedOrder(family.child);

        assertEquals(expected, walk(family, null, 128, 8));
        assertEquals(expected, walk(family, "CHAT", 200, 5));
        assertEquals(List.of(), walk(family, "PHOTOS", 200, 1));
    }

    @Test
    void onlyThePagesChatTextIsDecrypted() throws SQLException {
        Family family = Family.withConsent(DataCategory.CHAT);
        for (String text : List.of("one", "two", "three")) {
            given().auth().oauth2(family.toyToken()).contentType(ContentType.JSON).body(Map.of("text", text))
                    .post("/v1/chat").then().statusCode(201);
        }
        String third = storedOrder(family.child).get(2);
        spoil(third);

        String next = parent(family).queryParam("limit", 2).get("/v1/children/{c}/media", family.child).then().statusCode(200)
                .body("items.text", equalTo(List.of("one", "two"))).body("next", notNullValue()).extract().path("next");
        parent(family).queryParam("after", next).get("/v1/children/{c}/media", family.child).then().statusCode(500);
    }

    @Test
    void theInboxDeliversEachMessageOncePageByPage() throws SQLException {
        Family family = Family.withConsent(DataCategory.CHAT);
        for (int i = 0; i < 5; i++) {
            parent(family).contentType(ContentType.JSON).body(Map.of("text", "note " + i))
                    .post("/v1/children/{c}/chat", family.child).then().statusCode(201);
        }
        spoil(storedOrder(family.child).get(4));

        JsonPath first = toy(family).queryParam("limit", 2).get("/v1/chat/inbox").then().statusCode(200)
                .body("items.text", equalTo(List.of("note 0", "note 1"))).extract().jsonPath();
        assertEquals(2, Family.count("SELECT count(*) FROM media_item WHERE child_id = ? AND delivered_at IS NOT NULL", family.child),
                "only the page is delivered, not the message read past it");
        JsonPath second = toy(family).queryParam("limit", 2).queryParam("after", first.getString("next")).get("/v1/chat/inbox")
                .then().statusCode(200).body("items.text", equalTo(List.of("note 2", "note 3"))).body("next", notNullValue())
                .extract().jsonPath();
        assertEquals(4, Family.count("SELECT count(*) FROM media_item WHERE child_id = ? AND delivered_at IS NOT NULL", family.child));
        toy(family).queryParam("after", second.getString("next")).get("/v1/chat/inbox").then().statusCode(500);
        toy(family).queryParam("limit", 2).get("/v1/chat/inbox").then().statusCode(500);
        assertEquals(4, Family.count("SELECT count(*) FROM media_item WHERE child_id = ? AND delivered_at IS NOT NULL", family.child),
                "a failed fetch delivers nothing");
    }

    @Test
    void badCursorsAndLimitsAre400AndAStrangerStill404() {
        Family family = Family.withConsent(DataCategory.CHAT);
        for (String text : List.of("one", "two")) {
            given().auth().oauth2(family.toyToken()).contentType(ContentType.JSON).body(Map.of("text", text))
                    .post("/v1/chat").then().statusCode(201);
        }
        String cursor = parent(family).queryParam("limit", 1).get("/v1/children/{c}/media", family.child).then().statusCode(200)
                .body("items", hasSize(1)).extract().path("next");

        parent(family).queryParam("after", "not-a-cursor").get("/v1/children/{c}/media", family.child)
                .then().statusCode(400).contentType(PROBLEM).body("type", equalTo(PROBLEMS + "invalid-cursor"));
        toy(family).queryParam("after", "bm90IGEgY3Vyc29y").get("/v1/chat/inbox")
                .then().statusCode(400).contentType(PROBLEM).body("type", equalTo(PROBLEMS + "invalid-cursor"));
        for (int limit : new int[] {0, 201}) {
            parent(family).queryParam("limit", limit).get("/v1/children/{c}/media", family.child)
                    .then().statusCode(400).contentType(PROBLEM).body("type", equalTo(PROBLEMS + "invalid-limit"));
            toy(family).queryParam("limit", limit).get("/v1/chat/inbox")
                    .then().statusCode(400).contentType(PROBLEM).body("type", equalTo(PROBLEMS + "invalid-limit"));
        }
        parent(family).queryParam("limit", 200).get("/v1/children/{c}/media", family.child).then().statusCode(200).body("items", hasSize(2));

        Family stranger = Family.withConsent(DataCategory.CHAT);
        given().auth().oauth2(stranger.parentToken()).queryParam("after", cursor).get("/v1/children/{c}/media", family.child)
                .then().statusCode(404).contentType(PROBLEM);
        given().auth().oauth2(stranger.parentToken()).queryParam("after", cursor).get("/v1/children/{c}/media", stranger.child)
                .then().statusCode(200).body("items", hasSize(0)).body("next", nullValue());
    }

    /** Follows {@code next} from the first page to the last, checking each page's size; the ids in the order served. */
    private static List<String> walk(Family family, String category, int limit, int pages) {
        List<String> ids = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String next = null;
        int served = 0;
        do {
            RequestSpecification request = parent(family).queryParam("limit", limit);
            if (category != null) {
                request.queryParam("category", category);
            }
            if (next != null) {
                request.queryParam("after", next);
            }
            JsonPath page = request.get("/v1/children/{c}/media", family.child).then().statusCode(200).extract().jsonPath();
            List<String> items = page.getList("items.id", String.class);
            items.forEach(id -> assertTrue(seen.add(id), "served twice: " + id));
            ids.addAll(items);
            next = page.getString("next");
            served++;
            assertTrue(next == null || items.size() == limit, "only the last page is short");
        } while (next != null);
        assertEquals(pages, served, "pages");
        return ids;
    }

    /** The child's item ids in the documented order, computed here: storedAt, then id as PostgreSQL compares uuids (bytewise). */
    private static List<String> storedOrder(UUID child) throws SQLException {
        record Row(Instant at, String id) {
        }
        List<Row> rows = new ArrayList<>();
        try (Connection connection = Family.connect();
             PreparedStatement query = connection.prepareStatement("SELECT id, stored_at FROM media_item WHERE child_id = ?")) {
            query.setObject(1, child);
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    rows.add(new Row(result.getTimestamp("stored_at").toInstant(), result.getString("id")));
                }
            }
        }
        Function<Row, Instant> at = Row::at;
        return rows.stream().sorted(Comparator.comparing(at).thenComparing(Row::id)).map(Row::id).toList();
    }

    /** Replaces a message's ciphertext with bytes that do not decrypt: reading its text now fails the request. */
    private static void spoil(String itemId) throws SQLException {
        try (Connection connection = Family.connect();
             PreparedStatement spoil = connection.prepareStatement("UPDATE media_item SET chat_ciphertext = ? WHERE id = ?")) {
            spoil.setBytes(1, new byte[48]);
            spoil.setObject(2, UUID.fromString(itemId));
            assertEquals(1, spoil.executeUpdate());
        }
    }

    private static RequestSpecification parent(Family family) {
        return given().auth().oauth2(family.parentToken());
    }

    private static RequestSpecification toy(Family family) {
        return given().auth().oauth2(family.toyToken());
    }
}
