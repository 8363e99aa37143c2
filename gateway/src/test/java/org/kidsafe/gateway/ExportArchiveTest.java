package org.kidsafe.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kidsafe.gateway.StubServices.ArchiveItem;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The export as a ZIP (issue 19 item 7), against the stand-in services: what the archive holds, that it streams (its
 * first entries arrive while the last item is still being read), and that it never looks complete when it is not.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(StubServicesResource.class)
class ExportArchiveTest {

    private static final String ZIP = "application/zip";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL gateway;

    @Test
    void theZipHoldsTheExportDocumentThenEveryItemsContentAndListsWhatItCouldNotInclude() throws IOException {
        String child = StubServices.ARCHIVE_CHILD;
        byte[] archive = given().auth().oauth2(GatewayRoutingTest.parentToken()).accept(ZIP)
                .when().get("/api/v1/children/" + child + "/export")
                .then().statusCode(200)
                .contentType(ZIP)
                .header("Content-Disposition", "attachment; filename=\"kidsafe-export-" + child + ".zip\"")
                .extract().asByteArray();

        Map<String, byte[]> entries = entries(new ByteArrayInputStream(archive));
        List<ArchiveItem> items = StubServices.archiveItems(child);
        Map<String, ArchiveItem> included = new LinkedHashMap<>();
        included.put(file(items.get(0), "jpg"), items.get(0));
        included.put(file(items.get(1), "ogg"), items.get(1));
        included.put(file(items.get(2), "txt"), items.get(2));
        included.put(file(items.get(5), "wav"), items.get(5));
        List<String> names = new ArrayList<>(List.of("export.json"));
        names.addAll(included.keySet());
        names.add("missing.json");
        assertEquals(names, new ArrayList<>(entries.keySet()));
        included.forEach((name, item) -> assertArrayEquals(item.content(), entries.get(name), name));
        JsonNode document = JSON.readTree(entries.get("export.json"));
        assertEquals(child, document.path("childId").asText());
        assertEquals("media-service", document.path("services").path(1).path("service").asText());
        assertEquals(6, document.path("services").path(1).path("data").path("items").size());
        JsonNode missing = JSON.readTree(entries.get("missing.json"));
        assertEquals(child, missing.path("childId").asText());
        assertEquals(List.of(items.get(3).id() + ":gone:" + file(items.get(3), "jpg"),
                        items.get(4).id() + ":refused:" + file(items.get(4), "png")),
                missing.path("missing").valueStream()
                        .map(entry -> entry.path("itemId").asText() + ":" + entry.path("reason").asText() + ":" + entry.path("file").asText())
                        .toList());

        // A complete archive: its central directory lists every entry (ZipFile reads only that).
        Path saved = Files.createTempFile("export", ".zip");
        try {
            Files.write(saved, archive);
            try (ZipFile zip = new ZipFile(saved.toFile())) {
                assertEquals(new ArrayList<>(entries.keySet()), Collections.list(zip.entries()).stream().map(ZipEntry::getName).toList());
            }
        } finally {
            Files.delete(saved);
        }
    }

    @Test
    void theFirstEntriesArriveWhileTheLastItemIsStillBeingRead() throws Exception {
        String child = StubServices.HELD_ARCHIVE_CHILD;
        List<ArchiveItem> items = StubServices.archiveItems(child);
        try {
            HttpResponse<InputStream> answer = archive(child);
            assertEquals(200, answer.statusCode());
            ZipInputStream zip = new ZipInputStream(answer.body());
            // The last item's answer is held by the stand-in media-service: a gateway that gathered the archive before
            // sending it would send nothing, and this would time out.
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                assertEquals("export.json", zip.getNextEntry().getName());
                zip.readAllBytes();
                assertEquals(file(items.get(0), "jpg"), zip.getNextEntry().getName());
                assertArrayEquals(items.get(0).content(), zip.readAllBytes());
                assertEquals(file(items.get(1), "ogg"), zip.getNextEntry().getName());
                assertArrayEquals(items.get(1).content(), zip.readAllBytes());
            });
            // The gateway asks for the last item once the second is written, a moment after the client read it.
            await().atMost(Duration.ofSeconds(10)).until(Stubs::held, held -> held == 1);
            Stubs.release();
            assertEquals(file(items.get(2), "jpg"), zip.getNextEntry().getName());
            assertArrayEquals(items.get(2).content(), zip.readAllBytes());
            assertEquals(null, zip.getNextEntry(), "no missing.json: every item is in the archive");
            zip.close();
        } finally {
            Stubs.release();
        }
    }

    @Test
    void anItemThatBreaksOffAfterItsFirstBytesCutsTheArchiveOff() throws Exception {
        String child = StubServices.BROKEN_ARCHIVE_CHILD;
        List<ArchiveItem> items = StubServices.archiveItems(child);
        HttpResponse<InputStream> answer = archive(child);
        assertEquals(200, answer.statusCode());
        try (ZipInputStream zip = new ZipInputStream(answer.body())) {
            assertEquals("export.json", zip.getNextEntry().getName());
            zip.readAllBytes();
            assertEquals(file(items.get(0), "jpg"), zip.getNextEntry().getName());
            assertArrayEquals(items.get(0).content(), zip.readAllBytes());
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThrows(IOException.class, () -> {
                while (zip.getNextEntry() != null) {
                    zip.readAllBytes();
                }
            }, "the archive ends as a broken download, not as a complete archive"));
        }
    }

    @ParameterizedTest(name = "Accept: {0}")
    @ValueSource(strings = {"application/json", "application/json, application/zip, application/problem+json",
            "application/zip, application/json", "application/zip;q=0.5, application/json", "*/*"})
    void jsonStaysTheAnswerUnlessTheZipIsPreferred(String accept) {
        given().auth().oauth2(GatewayRoutingTest.parentToken()).header("Accept", accept)
                .when().get("/api/v1/children/" + StubServices.ARCHIVE_CHILD + "/export")
                .then().statusCode(200)
                .contentType(startsWith("application/json"))
                .body("services", hasSize(3))
                .body("services[1].data.items", hasSize(6));
    }

    @Test
    void anAcceptNeitherJsonNorZipIs406() {
        given().auth().oauth2(GatewayRoutingTest.parentToken()).header("Accept", "text/html")
                .when().get("/api/v1/children/" + StubServices.ARCHIVE_CHILD + "/export")
                .then().statusCode(406)
                .contentType("application/problem+json")
                .body("status", equalTo(406))
                .body("detail", containsString("application/zip"));
    }

    @Test
    void aRefusalIsAProblemAnswerForTheZipToo() {
        given().auth().oauth2(GatewayRoutingTest.parentToken()).accept(ZIP)
                .when().get("/api/v1/children/" + StubServices.UNKNOWN_CHILD + "/export")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("title", equalTo("Not found"));
        given().accept(ZIP).when().get("/api/v1/children/" + StubServices.ARCHIVE_CHILD + "/export")
                .then().statusCode(401)
                .contentType("application/problem+json");
    }

    /**
     * The archive's answer as it arrives: its head within 20 s (a gateway that gathered a held archive first would send
     * none), its body read as it comes.
     */
    private HttpResponse<InputStream> archive(String child) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gateway + "api/v1/children/" + child + "/export"))
                        .header("Authorization", "Bearer " + GatewayRoutingTest.parentToken())
                        .header("Accept", ZIP)
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }

    private static String file(ArchiveItem item, String extension) {
        return "media/" + item.kind() + "/" + item.id() + "." + extension;
    }

    private static Map<String, byte[]> entries(InputStream archive) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(archive)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                entries.put(entry.getName(), zip.readAllBytes());
            }
        }
        return entries;
    }
}
