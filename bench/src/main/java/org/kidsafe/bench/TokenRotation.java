package org.kidsafe.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Many distinct bearer tokens for one wrk run (issue 16 item 4: the gateway's token cache is measured with many
 * callers, not one): a wrk Lua script that sends each request with the next token, round robin per wrk thread.
 */
record TokenRotation(Path script, int size) {

    static TokenRotation of(List<String> tokens, Path script) {
        String table = tokens.stream().map(token -> "  \"" + token + "\"").collect(Collectors.joining(",\n"));
        String lua = "local tokens = {\n" + table + "\n}\n"
                + "local next = math.random(#tokens)\n"
                + "request = function()\n"
                + "  next = next % #tokens + 1\n"
                + "  return wrk.format(nil, nil, { [\"Authorization\"] = \"Bearer \" .. tokens[next] })\n"
                + "end\n";
        try {
            Files.createDirectories(script.getParent());
            Files.writeString(script, lua, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TokenRotation(script, tokens.size());
    }
}
