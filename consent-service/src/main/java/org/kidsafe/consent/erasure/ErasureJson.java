package org.kidsafe.consent.erasure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.kidsafe.events.PoisonEventException;
import org.kidsafe.events.schema.ErasureReport;

import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The saga's JSON: erased counts as stored in {@code erasure_request.own_erased} and {@code erasure_answer.erased},
 * stores with their moments as stored in {@code erasure_answer.stores}, and a participant's verified report claims.
 * Kept apart so that the saga's classes hold no encoding.
 */
final class ErasureJson {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final TypeReference<Map<String, Long>> COUNTS = new TypeReference<>() {
    };
    private static final TypeReference<List<ErasureReport.Store>> STORES = new TypeReference<>() {
    };

    private ErasureJson() {
    }

    /** A participant's verified claims as a report; claims that do not fit are a poison event, never a retry. */
    static ErasureReport report(JsonNode claims) {
        try {
            return JSON.treeToValue(claims, ErasureReport.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new PoisonEventException("Erasure report claims are malformed", e);
        }
    }

    /**
     * The claims of a report stored in {@code erasure_answer.report}, which was verified when it was accepted: read again
     * for the moments the receipt states (its hops, issue 22 item 2), never to decide whether to trust it.
     */
    static ErasureReport storedReport(String acceptedReport) {
        String[] parts = acceptedReport.split("\\.");
        try {
            return JSON.readValue(Base64.getUrlDecoder().decode(parts[1]), ErasureReport.class);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("A stored erasure report is not a compact JWS of report claims", e);
        }
    }

    static String writeCounts(Map<String, Long> counts) {
        return write(counts);
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A report's stores as stored in {@code erasure_answer.stores}: null (a version 1 report) stays null. */
    static String writeStores(List<ErasureReport.Store> stores) {
        return stores == null ? null : write(stores);
    }

    /** The stores of an answer; none for a version 1 report. */
    static List<ErasureReport.Store> readStores(String stores) {
        if (stores == null) {
            return List.of();
        }
        try {
            return JSON.readValue(stores, STORES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored erasure stores are not JSON", e);
        }
    }

    static Map<String, Long> readCounts(String counts) {
        try {
            return JSON.readValue(counts, COUNTS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored erasure counts are not JSON", e);
        }
    }
}
