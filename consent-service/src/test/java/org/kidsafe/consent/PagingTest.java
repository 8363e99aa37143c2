package org.kidsafe.consent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.kidsafe.commons.problem.Problem;
import org.kidsafe.testsupport.HostilePdfs;
import org.kidsafe.testsupport.RealInfrastructureTestResource;
import org.kidsafe.testsupport.TestTokens;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The growing lists are paged by keyset on (time, id) (issue 20 item 4): a parent's 1,000 children come back each exactly
 * once, in order, across page boundaries that split runs of equal registration times; the last page says so; bad
 * cursors and limits are 400 problem+json; another parent sees none of them. The same for a consent history and the
 * officer's pending forms, smaller.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = RealInfrastructureTestResource.class, initArgs = @ResourceArg(name = "service", value = "consent"))
@QuarkusTestResource(MailAndKeysTestResource.class)
class PagingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");

    record Row(UUID id, Instant at) {
        /** PostgreSQL's order: time, then the uuid's bytes, which is the order of its lower-case hex text. */
        static final Comparator<Row> LIST_ORDER = Comparator.comparing(Row::at).thenComparing(row -> row.id().toString());
    }

    @Test
    void aThousandChildrenArePagedEachOnceInOrder() throws SQLException, IOException {
        Parents parent = new Parents();
        // Three children per millisecond: pages of 64 end inside a run of equal times, where only the id orders them.
        List<Row> children = IntStream.range(0, 1000).mapToObj(i -> new Row(UUID.randomUUID(), START.plusMillis(i / 3))).toList();
        insertChildren(parent.id, children);
        List<String> expected = children.stream().sorted(Row.LIST_ORDER).map(row -> row.id().toString()).toList();

        List<List<String>> pages = walk(parent.token(), "/v1/children", "childId", 64);
        assertEquals(expected, pages.stream().flatMap(List::stream).toList(), "every child exactly once, in order");
        assertEquals(16, pages.size());
        assertEquals(1000 - 15 * 64, pages.get(15).size());

        List<List<String>> full = walk(parent.token(), "/v1/children", "childId", 200);
        assertEquals(5, full.size(), "a last page that is exactly full still ends the list (limit + 1 fetched)");
        assertEquals(expected, full.stream().flatMap(List::stream).toList());

        given().auth().oauth2(new Parents().token()).when().get("/v1/children").then().statusCode(200)
                .body("items", empty()).body("next", nullValue());
    }

    @Test
    void badCursorsAndLimitsAreRefusedAsProblems() {
        String token = new Parents().token();
        String wellFormedButForged = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("2|x|y".getBytes());
        for (String after : List.of("not-a-cursor", wellFormedButForged, "%%%")) {
            problem(given().auth().oauth2(token).queryParam("after", after), "/v1/children", "invalid-cursor");
        }
        for (String limit : List.of("0", "201", "-1", "abc", "1.5", "99999999999")) {
            problem(given().auth().oauth2(token).queryParam("limit", limit), "/v1/children", "invalid-limit");
        }
        Parents parent = new Parents();
        UUID child = parent.registerChild();
        problem(given().auth().oauth2(parent.token()).queryParam("limit", 0), "/v1/children/" + child + "/consents", "invalid-limit");
        problem(given().auth().oauth2(TestTokens.complianceOfficer(UUID.randomUUID(), "kidsafe-consent")).queryParam("after", "x"),
                "/v1/admin/consent-forms", "invalid-cursor");
    }

    @Test
    void aConsentHistoryIsPagedWithRevokedConsentsAndOnlyForItsParent() throws SQLException, IOException {
        Parents parent = new Parents();
        UUID child = UUID.randomUUID();
        insertChildren(parent.id, List.of(new Row(child, START)));
        List<Row> consents = new ArrayList<>();
        String[] categories = {"PROFILE", "PHOTOS", "VOICE", "CHAT", "PHOTOS"};
        try (Connection connection = Database.asService(); PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO consent_record (id, child_id, parent_id, category, notice_version, assurance_level, granted_at, revoked_at)
                VALUES (?, ?, ?, ?, 1, 1, ?, ?)""")) {
            for (int i = 0; i < categories.length; i++) {
                Row row = new Row(UUID.randomUUID(), START.plusSeconds(i / 2));
                consents.add(row);
                insert.setObject(1, row.id());
                insert.setObject(2, child);
                insert.setObject(3, parent.id);
                insert.setString(4, categories[i]);
                insert.setTimestamp(5, Timestamp.from(row.at()));
                insert.setTimestamp(6, i == 1 ? Timestamp.from(row.at().plusSeconds(60)) : null);
                insert.addBatch();
            }
            insert.executeBatch();
        }

        List<List<String>> pages = walk(parent.token(), "/v1/children/" + child + "/consents", "id", 2);
        assertEquals(consents.stream().sorted(Row.LIST_ORDER).map(row -> row.id().toString()).toList(),
                pages.stream().flatMap(List::stream).toList(), "the whole history, revoked included, each once, in grant order");
        assertEquals(3, pages.size());
        given().auth().oauth2(new Parents().token()).when().get("/v1/children/{id}/consents", child).then().statusCode(404);
    }

    /** Issue 19 item 6: the parent's erasure history, newest first, with who is still working and the receipt once done. */
    @Test
    void aParentsErasuresArePagedNewestFirstWithTheirReceiptsAndOnlyForThem() throws SQLException, IOException {
        Parents parent = new Parents();
        // Two sagas per second: pages of 3 end inside a run of equal times, where only the id orders them.
        List<Row> erasures = IntStream.range(0, 9).mapToObj(i -> new Row(UUID.randomUUID(), START.plusSeconds(i / 2))).toList();
        Row pending = erasures.get(4);
        try (Connection connection = Database.asService(); PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO erasure_request (id, child_id, parent_id, categories, status, requested_at, last_asked_at, times_asked,
                                             own_erased, own_completed_at, completed_at, receipt, version)
                VALUES (?, ?, ?, 'PHOTOS', ?, ?, ?, 1, '{}', ?, ?, ?, 0)""")) {
            for (Row row : erasures) {
                boolean done = row != pending;
                insert.setObject(1, row.id());
                insert.setObject(2, UUID.randomUUID());
                insert.setObject(3, parent.id);
                insert.setString(4, done ? "COMPLETED" : "PENDING");
                insert.setTimestamp(5, Timestamp.from(row.at()));
                insert.setTimestamp(6, Timestamp.from(row.at()));
                insert.setTimestamp(7, Timestamp.from(row.at()));
                insert.setTimestamp(8, done ? Timestamp.from(row.at().plusSeconds(1)) : null);
                insert.setString(9, done ? "receipt-of-" + row.id() : null);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        try (Connection connection = Database.asService(); PreparedStatement guardian = connection.prepareStatement("""
                INSERT INTO erasure_guardian (erasure_id, parent_id, requested_at) SELECT id, parent_id, requested_at
                FROM erasure_request WHERE parent_id = ?""")) {
            guardian.setObject(1, parent.id); // the parent was the child's guardian when each saga started (V23)
            guardian.executeUpdate();
        }
        try (Connection connection = Database.asService(); PreparedStatement answer = connection.prepareStatement("""
                INSERT INTO erasure_answer (id, erasure_id, service, report, report_digest, erased, received_at)
                VALUES (gen_random_uuid(), ?, 'profile-service', 'report', repeat('0', 64), '{}', now())""")) {
            answer.setObject(1, pending.id());
            answer.executeUpdate();
        }

        List<List<String>> pages = walk(parent.token(), "/v1/erasures", "erasureId", 3);
        assertEquals(erasures.stream().sorted(Row.LIST_ORDER.reversed()).map(row -> row.id().toString()).toList(),
                pages.stream().flatMap(List::stream).toList(), "every erasure exactly once, newest first");
        assertEquals(3, pages.size());
        given().auth().oauth2(parent.token()).queryParam("limit", 200).when().get("/v1/erasures").then().statusCode(200)
                .body("items.find { it.erasureId == '" + pending.id() + "' }.pendingServices", equalTo(List.of("media-service")))
                .body("items.find { it.erasureId == '" + pending.id() + "' }.receipt", nullValue())
                .body("items.find { it.erasureId == '" + erasures.get(0).id() + "' }.receipt", equalTo("receipt-of-" + erasures.get(0).id()))
                .body("items.find { it.erasureId == '" + erasures.get(0).id() + "' }.pendingServices", empty());

        given().auth().oauth2(new Parents().token()).when().get("/v1/erasures").then().statusCode(200)
                .body("items", empty()).body("next", nullValue());
        problem(given().auth().oauth2(parent.token()).queryParam("limit", 0), "/v1/erasures", "invalid-limit");
        problem(given().auth().oauth2(parent.token()).queryParam("after", "x"), "/v1/erasures", "invalid-cursor");
        given().auth().oauth2(TestTokens.toy("toy-1", UUID.randomUUID(), "kidsafe-consent")).when().get("/v1/erasures").then().statusCode(403);
    }

    @Test
    void theOfficerPagesThroughPendingFormsOncePerForm() throws IOException {
        Parents parent = new Parents();
        List<String> uploaded = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            uploaded.add(given().auth().oauth2(parent.token()).contentType("application/pdf").body(HostilePdfs.plain())
                    .when().post("/v1/verification/consent-forms").then().statusCode(201).extract().path("formId"));
        }
        UUID officerId = UUID.randomUUID();
        String officer = TestTokens.complianceOfficer(officerId, "kidsafe-consent");

        List<String> listed = walk(officer, "/v1/admin/consent-forms", "formId", 1).stream().flatMap(List::stream).toList();
        assertEquals(listed.size(), listed.stream().distinct().count(), "no form listed twice");
        assertEquals(uploaded, listed.stream().filter(uploaded::contains).toList(), "oldest first");
        for (String form : uploaded) {
            assertEquals(1, Database.count("SELECT count(*) FROM ledger_entry WHERE type = 'OFFICER_READ' AND parent_id = ? AND details::jsonb = ?::jsonb",
                    parent.id, "{\"action\":\"FORM_METADATA\",\"formId\":\"" + form + "\",\"officerId\":\"" + officerId + "\"}"),
                    "each listed form recorded as read once");
            given().auth().oauth2(officer).contentType("application/json").body("{\"approved\":false}")
                    .when().post("/v1/admin/consent-forms/{id}/decision", form).then().statusCode(200);
        }
    }

    /** Follows {@code next} from the first page until it is null; each page's item ids. */
    private static List<List<String>> walk(String token, String path, String idField, int limit) throws IOException {
        List<List<String>> pages = new ArrayList<>();
        String next = null;
        do {
            RequestSpecification request = given().auth().oauth2(token).queryParam("limit", limit);
            if (next != null) {
                request.queryParam("after", next);
            }
            JsonNode page = JSON.readTree(request.when().get(path).then().statusCode(200).extract().asByteArray());
            List<String> ids = new ArrayList<>();
            page.path("items").forEach(item -> ids.add(item.path(idField).asText()));
            assertTrue(ids.size() <= limit, "at most limit items");
            assertTrue(pages.size() <= 1000, "the walk ends");
            pages.add(ids);
            assertTrue(page.has("next"), "next is always present, null on the last page");
            next = page.get("next").isNull() ? null : page.get("next").asText();
        } while (next != null);
        return pages;
    }

    private static void problem(RequestSpecification request, String path, String slug) {
        request.when().get(path).then().statusCode(400).contentType(Problem.MEDIA_TYPE).body("type", endsWith("/" + slug));
    }

    private static void insertChildren(UUID parentId, List<Row> children) throws SQLException {
        try (Connection connection = Database.asService();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO child (id, created_at) VALUES (?, ?)");
             PreparedStatement guardian = connection.prepareStatement(
                     "INSERT INTO child_guardian (child_id, parent_id, child_created_at, added_at) VALUES (?, ?, ?, ?)")) {
            for (Row child : children) {
                insert.setObject(1, child.id());
                insert.setTimestamp(2, Timestamp.from(child.at()));
                insert.addBatch();
                guardian.setObject(1, child.id());
                guardian.setObject(2, parentId);
                guardian.setTimestamp(3, Timestamp.from(child.at()));
                guardian.setTimestamp(4, Timestamp.from(child.at()));
                guardian.addBatch();
            }
            insert.executeBatch();
            guardian.executeBatch();
        }
    }
}
