package org.kidsafe.media;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.kidsafe.events.DataCategory;
import org.kidsafe.testsupport.RealInfrastructureTestResource;
import org.kidsafe.media.config.MediaSettings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an attacker with a copy of the database and the blob folder (but not the KEK) would find:
 * no chat text and no image bytes, searched in every text and bytea column and every stored file.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = RealInfrastructureTestResource.class, initArgs = @ResourceArg(name = "service", value = "media"))
class PlaintextSearchTest {

    /** Every text and bytea column's values as hex, one XML document per column; identifiers are quoted by the server. */
    private static final String DUMP_COLUMNS = """
            SELECT c.table_name, c.column_name,
                   query_to_xml(format('SELECT encode(%s, ''hex'') AS v FROM %I',
                                       CASE WHEN c.data_type = 'bytea' THEN quote_ident(c.column_name)
                                            ELSE format('convert_to(%I::text, ''UTF8'')', c.column_name) END,
                                       c.table_name), false, false, '')::text
            FROM information_schema.columns c
            WHERE c.table_schema = current_schema()
              AND c.data_type IN ('text', 'bytea', 'character varying', 'character', 'json', 'jsonb')""";

    @Inject
    MediaSettings settings;

    @Test
    void neitherTheDatabaseNorTheBlobStoreHoldsPlaintext() throws Exception {
        Family family = Family.withConsent(DataCategory.PHOTOS, DataCategory.CHAT);
        String childWords = "ZEBRA-PURPLE-KITE-LANTERN";
        String parentWords = "MANGO-QUILT-HARBOUR-FERN";
        given().auth().oauth2(family.toyToken()).contentType(ContentType.JSON).body("{\"text\":\"" + childWords + "\"}")
                .post("/v1/chat").then().statusCode(201);
        given().auth().oauth2(family.parentToken()).contentType(ContentType.JSON).body("{\"text\":\"" + parentWords + "\"}")
                .post("/v1/children/{c}/chat", family.child).then().statusCode(201);
        byte[] png = TestMedia.png(TestMedia.noise(120, 120, 50));
        byte[] imageBytes = Arrays.copyOfRange(png, png.length / 2, png.length / 2 + 32);
        String photo = family.upload(png).statusCode(201).extract().path("id");
        assertTrue(TestMedia.contains(family.download(photo), imageBytes), "the pattern must really be part of the stored photo");

        List<byte[]> needles = List.of(childWords.getBytes(StandardCharsets.UTF_8), parentWords.getBytes(StandardCharsets.UTF_8), imageBytes);
        // Control: metadata stored in clear on purpose (the content type) is found, so the search itself works.
        assertTrue(databaseHits(List.of("image/png".getBytes(StandardCharsets.UTF_8))).contains("media_item.content_type"));
        assertEquals(List.of(), databaseHits(needles));
        assertEquals(List.of(), blobHits(needles));
    }

    private static List<String> databaseHits(List<byte[]> needles) throws SQLException {
        List<String> hits = new ArrayList<>();
        try (Connection connection = Family.connect(); PreparedStatement dump = connection.prepareStatement(DUMP_COLUMNS);
             ResultSet columns = dump.executeQuery()) {
            int searched = 0;
            while (columns.next()) {
                searched++;
                String values = columns.getString(3);
                for (byte[] needle : needles) {
                    if (values.contains(HexFormat.of().formatHex(needle))) {
                        hits.add(columns.getString(1) + "." + columns.getString(2));
                    }
                }
            }
            assertTrue(searched > 5, "the search must cover the media tables");
        }
        return hits;
    }

    private List<String> blobHits(List<byte[]> needles) throws IOException {
        List<String> hits = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(settings.store().directory().orElseThrow())) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                byte[] content = Files.readAllBytes(file);
                for (byte[] needle : needles) {
                    if (TestMedia.contains(content, needle)) {
                        hits.add(file.toString());
                    }
                }
            }
        }
        return hits;
    }
}
