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
        return write(script, lua, tokens.size());
    }

    /**
     * The same for uploads (issue 22 item 4): each request a POST of the file's bytes (binary safe: Lua strings hold any
     * byte) under {@code contentType}, with the next token. The requests are formatted once per wrk thread, in
     * {@code init}, after wrk has set its Host header, so a 500 KiB body is not copied again for every request.
     */
    static TokenRotation posting(List<String> tokens, Path body, String contentType, Path script) {
        String table = tokens.stream().map(token -> "  \"" + token + "\"").collect(Collectors.joining(",\n"));
        String lua = "local tokens = {\n" + table + "\n}\n"
                + "local file = assert(io.open(\"" + luaString(body.toAbsolutePath().toString()) + "\", \"rb\"))\n"
                + "local body = file:read(\"*a\")\n"
                + "file:close()\n"
                + "local requests = {}\n"
                + "init = function(args)\n"
                + "  for i, token in ipairs(tokens) do\n"
                + "    local headers = {}\n"
                + "    for name, value in pairs(wrk.headers) do headers[name] = value end\n"
                + "    headers[\"Authorization\"] = \"Bearer \" .. token\n"
                + "    headers[\"Content-Type\"] = \"" + luaString(contentType) + "\"\n"
                + "    requests[i] = wrk.format(\"POST\", nil, headers, body)\n"
                + "  end\n"
                + "end\n"
                + "local next = math.random(#tokens)\n"
                + "request = function()\n"
                + "  next = next % #requests + 1\n"
                + "  return requests[next]\n"
                + "end\n";
        return write(script, lua, tokens.size());
    }

    private static String luaString(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static TokenRotation write(Path script, String lua, int size) {
        try {
            Files.createDirectories(script.getParent());
            Files.writeString(script, lua, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TokenRotation(script, size);
    }
}
