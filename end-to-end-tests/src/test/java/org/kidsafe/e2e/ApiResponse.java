package org.kidsafe.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;

/** One answer of a raw call ({@link ApiClient}): status, headers and body (as JSON when it is JSON). */
record ApiResponse(int status, HttpHeaders headers, byte[] body) {

    private static final ObjectMapper JSON = new ObjectMapper();

    JsonNode json() {
        try {
            return body.length == 0 ? MissingNode.getInstance() : JSON.readTree(body);
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    String contentType() {
        return headers.firstValue("Content-Type").orElse("");
    }

    boolean isProblem() {
        return contentType().startsWith("application/problem+json");
    }

    /** The body, or a failure that says what the API answered instead of the expected status. */
    JsonNode expect(int expectedStatus) {
        if (status != expectedStatus) {
            throw new IllegalStateException("Expected HTTP " + expectedStatus + " but got " + status + ": " + text());
        }
        return json();
    }
}
