package org.kidsafe.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one written form of the committed API document, api/kidsafe-v1.yaml (issue 20 item 2): the document the gateway
 * serves, as a tree, in the key order it was served, written by Jackson YAML with fixed settings, so that writing the
 * same document twice gives the same bytes and a change to the API shows as a small diff. Used by the end-to-end
 * test that rewrites the file (ServedDocumentIT, {@code -Dkidsafe.api.write=true}) and by this module's test that
 * the committed file is in this form (a hand edit that is not is caught without a running platform).
 */
public final class CanonicalYaml {

    /** The committed document, relative to the repository root. */
    public static final String COMMITTED = "api/kidsafe-v1.yaml";

    private static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            // A string that looks like a number stays a string ('1.0', '200'): unquoted it would be read back as one.
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            // One line per scalar: no line folding, so a changed word shows as one changed line.
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build());

    private CanonicalYaml() {
    }

    /** The document in its canonical form. */
    public static String write(JsonNode document) {
        try {
            return YAML.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not writable as YAML", e);
        }
    }

    public static void write(JsonNode document, Path file) {
        try {
            Files.writeString(file, write(document), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A YAML (or JSON) document as a tree, keys in the file's order. */
    public static JsonNode read(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }
}
