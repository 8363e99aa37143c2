package org.kidsafe.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** ServedDocumentIT's failure names what differs, so a reader knows which change to look at without a diff tool. */
class ServedDocumentDifferencesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void pathsSchemasAndSectionsThatDifferAreNamed() throws Exception {
        JsonNode committed = JSON.readTree("""
                {"info": {"version": "1.0"}, "paths": {"/a": {"get": {}}, "/b": {"get": {}}},
                 "components": {"schemas": {"A": {"type": "string"}, "B": {"type": "object"}}}}""");
        JsonNode served = JSON.readTree("""
                {"info": {"version": "1.1"}, "paths": {"/a": {"get": {"deprecated": true}}, "/c": {"get": {}}},
                 "components": {"schemas": {"B": {"type": "object"}, "A": {"type": "string"}}}}""");
        assertEquals(List.of("path /a: differs", "path /b: committed, not served", "path /c: served, not committed",
                "section info differs"), ServedDocumentIT.differences(committed, served));
    }
}
