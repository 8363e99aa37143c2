package org.kidsafe.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kidsafe.api.client.model.Problem;
import org.kidsafe.launcher.client.Answer;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the uploads and revocation benchmarks send and how they read a refusal (issue 22 item 4). */
class UploadScriptsTest {

    @Test
    void theUploadScriptPostsTheFileWithEachTokenInTurn(@TempDir Path folder) throws IOException {
        Path body = folder.resolve("a \"photo\".jpg");
        TokenRotation rotation = TokenRotation.posting(List.of("token-1", "token-2"), body, "image/jpeg", folder.resolve("media.lua"));
        String lua = Files.readString(rotation.script());
        assertEquals(2, rotation.size());
        assertTrue(lua.contains("\"token-1\",\n  \"token-2\""), lua);
        assertTrue(lua.contains("io.open(\"" + folder.toAbsolutePath() + "/a \\\"photo\\\".jpg\", \"rb\")"), "the body's path as a Lua string: " + lua);
        assertTrue(lua.contains("headers[\"Content-Type\"] = \"image/jpeg\""), lua);
        assertTrue(lua.contains("wrk.format(\"POST\", nil, headers, body)"), "formatted once per thread in init: " + lua);
        assertTrue(lua.indexOf("init = function") < lua.indexOf("request = function"));
    }

    @Test
    void onlyA403ConsentRequiredCountsAsRefusingCollection() {
        assertTrue(RevocationBenchmark.refusesForConsent(answer(403, "https://kidsafe.dev/problems/consent-required")));
        assertFalse(RevocationBenchmark.refusesForConsent(answer(403, "https://kidsafe.dev/problems/toy-not-paired")),
                "an unpaired toy is refused for another reason");
        assertFalse(RevocationBenchmark.refusesForConsent(answer(404, "https://kidsafe.dev/problems/consent-required")));
        assertFalse(RevocationBenchmark.refusesForConsent(new Answer<>(403, Map.of(), null, null)));
        assertFalse(RevocationBenchmark.refusesForConsent(new Answer<>(201, Map.of(), "stored", null)));
    }

    private static Answer<Object> answer(int status, String type) {
        return new Answer<>(status, Map.of(), null, new Problem().type(URI.create(type)).status(status));
    }
}
