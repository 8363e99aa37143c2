package org.kidsafe.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kidsafe.embedded.keycloak.DevRealm;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The VTech breach was one SQL injection. Classic, blind (boolean and time-based), stacked and UNION
 * payloads go into every string input the OpenAPI document lists (path and query parameters, headers,
 * JSON fields), each operation called as its rightful caller on the caller's own objects so the value
 * travels as deep as it can. Never a 5xx or a database error, a sleeping payload does not slow the
 * answer, a true and a false condition are answered alike, and every record is intact afterwards.
 */
class SqlInjectionIT {

    private static final int SLEEP_SECONDS = 20;
    /** Well above a slow answer on a busy CI machine (seconds at worst), well below the sleep an injected pg_sleep would add. */
    private static final Duration SLOWEST_INNOCENT_ANSWER = Duration.ofSeconds(SLEEP_SECONDS * 7 / 10);
    private static final String CLASSIC = "' OR '1'='1";
    private static final String STACKED = "'; DROP TABLE child; DROP TABLE child_profile; DROP TABLE media_item;--";
    private static final String STACKED_SLEEP = "'; SELECT pg_sleep(" + SLEEP_SECONDS + ");--";
    private static final List<String> PAYLOADS = List.of(
            CLASSIC,
            "' OR 1=1--",
            "\" OR \"\"=\"",
            "1) OR (1=1",
            "' UNION SELECT NULL,NULL,NULL--",
            STACKED,
            STACKED_SLEEP,
            "' || (SELECT pg_sleep(" + SLEEP_SECONDS + ")) || '",
            "1 AND 1=(SELECT 1 FROM pg_sleep(" + SLEEP_SECONDS + "))");
    /** A UUID input is parsed before any query sees it: one payload of each kind shows that (plus the boolean pair). */
    private static final List<String> UUID_PAYLOADS = List.of(CLASSIC, STACKED, STACKED_SLEEP);
    /** Blind boolean injection shows as a difference between a true and a false condition. */
    private static final String TRUE_CONDITION = "' AND '1'='1";
    private static final String FALSE_CONDITION = "' AND '1'='2";
    private static final Pattern DATABASE_TALK = Pattern.compile("(?i)(sql|syntax error|psql|postgres|hibernate|jdbc|relation \")");
    /** Operations only a paired toy may call; everything else under /v1/admin and /v1/ledger is the compliance officer's. */
    private static final Set<String> TOY_OPERATIONS = Set.of("POST /v1/media", "POST /v1/chat", "GET /v1/chat/inbox", "GET /v1/toys/me");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]+)}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Victim victim;
    private static final CachedToken BOB = new CachedToken(Accounts::bob);
    private static final CachedToken CAROL = new CachedToken(Accounts::carol);
    private static CachedToken bobsToy;

    @BeforeAll
    static void dataExists() {
        victim = Victim.get();
        bobsToy = new CachedToken(victim.attackersToy::token);
    }

    @Test
    void noPayloadChangesBehaviourAndAllDataIsIntact() {
        List<String> failures = new ArrayList<>();
        int calls = 0;
        for (AttackSurface.Operation operation : AttackSurface.operations()) {
            for (AttackSurface.Slot slot : slotsOf(operation)) {
                for (String payload : slot.isUuid() ? UUID_PAYLOADS : PAYLOADS) {
                    calls++;
                    long started = System.nanoTime();
                    ApiResponse answer = send(operation, slot, payload);
                    Duration took = Duration.ofNanos(System.nanoTime() - started);
                    String what = operation + " " + slot + " = " + payload + " -> " + answer.status();
                    if (answer.status() >= 500) {
                        failures.add(what + " (server error) " + answer.text());
                    }
                    if (DATABASE_TALK.matcher(answer.text()).find()) {
                        failures.add(what + " talks about the database: " + answer.text());
                    }
                    if (payload.contains("pg_sleep") && took.compareTo(SLOWEST_INNOCENT_ANSWER) > 0) {
                        failures.add(what + " took " + took.toMillis() + " ms: the sleep ran");
                    }
                }
                calls += 2;
                int whenTrue = send(operation, slot, TRUE_CONDITION).status();
                int whenFalse = send(operation, slot, FALSE_CONDITION).status();
                if (whenTrue != whenFalse) {
                    failures.add(operation + " " + slot + " answers a true condition " + whenTrue + " and a false one " + whenFalse);
                }
            }
        }
        System.out.printf("SQL injection: %d operations, %d payload calls%n", AttackSurface.operations().size(), calls);
        if (!failures.isEmpty()) {
            fail(failures.size() + " injection finding(s):\n" + String.join("\n", failures));
        }
        everythingIsIntact();
    }

    /** Header slots are only tried on reads: a header rides along with otherwise valid values, and a write would take effect. */
    private static List<AttackSurface.Slot> slotsOf(AttackSurface.Operation operation) {
        List<AttackSurface.Slot> slots = new ArrayList<>();
        for (AttackSurface.Slot slot : operation.stringInputs()) {
            if (!slot.in().equals("header") || operation.method().equals("GET")) {
                slots.add(slot);
            }
        }
        if (operation.method().equals("GET") && !operation.isPublic()
                && slots.stream().noneMatch(slot -> slot.name().equalsIgnoreCase("X-Request-Id"))) {
            slots.add(new AttackSurface.Slot("header", "X-Request-Id"));
        }
        return slots;
    }

    private static ApiResponse send(AttackSurface.Operation operation, AttackSurface.Slot injected, String payload) {
        Matcher placeholders = PLACEHOLDER.matcher(operation.path());
        StringBuilder path = new StringBuilder();
        while (placeholders.find()) {
            String name = placeholders.group(1);
            String value = valueOf(operation, "path", name);
            if (injected.in().equals("path") && injected.name().equals(name)) {
                value = value + payload;
            }
            placeholders.appendReplacement(path, Matcher.quoteReplacement(encode(value).replace("+", "%20")));
        }
        placeholders.appendTail(path);
        List<String> query = new ArrayList<>();
        for (AttackSurface.Slot slot : operation.stringInputs()) {
            if (slot.in().equals("query")) {
                String value = valueOf(operation, "query", slot.name()) + (slot.equals(injected) ? payload : "");
                query.add(slot.name() + "=" + encode(value));
            }
        }
        if (!query.isEmpty()) {
            path.append('?').append(String.join("&", query));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        String token = callerOf(operation);
        if (token != null) {
            headers.put("Authorization", "Bearer " + token);
        }
        if (injected.in().equals("header")) {
            headers.put(injected.name(), valueOf(operation, "header", injected.name()) + payload);
        }
        byte[] body = null;
        if (operation.bodyType() != null) {
            ObjectNode json = JSON.createObjectNode();
            // Only the required fields, plus the injected one: optional fields may exclude each other (age band or birth year).
            operation.bodyFields().forEach((field, schema) -> {
                if (operation.requiredFields().contains(field)) {
                    json.set(field, sample(operation, field, schema));
                }
            });
            if (injected.in().equals("json")) {
                json.put(injected.name(), sample(operation, injected.name(), operation.bodyFields().get(injected.name())).asText() + payload);
            }
            body = operation.bodyType().contains("json") ? json.toString().getBytes(StandardCharsets.UTF_8) : Victim.png();
            headers.put("Content-Type", operation.bodyType().contains("json") ? "application/json" : "image/png");
        }
        return Gateway.send(Gateway.client(), operation.method(), path.toString(), headers, body);
    }

    /** The caller whose own objects the operation works on. */
    private static String callerOf(AttackSurface.Operation operation) {
        if (operation.isPublic()) {
            return null;
        }
        if (TOY_OPERATIONS.contains(operation.key())) {
            return bobsToy.get();
        }
        if (operation.path().startsWith("/v1/admin/") || operation.path().startsWith("/v1/ledger/")) {
            return CAROL.get();
        }
        return BOB.get();
    }

    /** A valid value for a parameter, from the caller's own objects; an unknown parameter fails the test so it gets one. */
    private static String valueOf(AttackSurface.Operation operation, String in, String name) {
        switch (name) {
            case "childId":
                return victim.attackersChild.toString();
            case "itemId":
                return victim.attackersPhoto.toString();
            case "erasureId":
                return victim.attackersErasure.toString();
            case "formId":
                return victim.consentForm.toString();
            case "deviceId":
                return victim.attackersToy.deviceId();
            case "parentId":
                return DevRealm.BOB.id(); // the last guardian of his own child: removing him is refused (409 last-guardian)
            case "invitationId":
                return UUID.randomUUID().toString(); // no invitation of his: a cancellation finds none (404), whatever else is sent
            case "category":
                return "PHOTOS";
            case "version":
                return "1";
            case "after":
                return ""; // a paged list's first page (issue 20 item 4); the payload alone is the cursor
            case "X-Request-Id":
                return UUID.randomUUID().toString();
            case "Range":
                return "bytes=0-15";
            default:
                throw new AssertionError("No valid value for " + in + " parameter '" + name + "' of " + operation
                        + ": add one to SqlInjectionIT.valueOf");
        }
    }

    /** A valid JSON field value from its schema: the first enum constant, a fresh UUID, or a harmless word. */
    private static JsonNode sample(AttackSurface.Operation operation, String field, JsonNode schema) {
        if (schema.has("enum")) {
            return schema.path("enum").get(0);
        }
        switch (schema.path("type").asText()) {
            case "integer":
                return JSON.getNodeFactory().numberNode(schema.path("minimum").asInt(1));
            case "boolean":
                return JSON.getNodeFactory().booleanNode(false);
            case "string":
                break;
            default:
                throw new AssertionError("No sample for field '" + field + "' of " + operation + ": " + schema);
        }
        if (schema.path("format").asText().equals("uuid")) {
            return JSON.getNodeFactory().textNode(UUID.randomUUID().toString());
        }
        Map<String, String> known = Map.of("email", DevRealm.BOB.username(), "code", "12345678", "preferredLanguage", "en",
                "deviceId", "probe-device-1", "displayName", "CalmOwl");
        return JSON.getNodeFactory().textNode(known.getOrDefault(field, "hello"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Alice's and Bob's records, and so every table they live in, survived the payloads. */
    private static void everythingIsIntact() {
        String alice = Accounts.alice();
        JsonNode profile = Gateway.send("GET", "/v1/children/" + victim.child + "/profile", alice, null).expect(200);
        assertEquals(victim.displayName, profile.path("displayName").asText(), "Alice's child's profile changed");
        String media = Gateway.send("GET", "/v1/children/" + victim.child + "/media", alice, null).expect(200).toString();
        assertTrue(media.contains(victim.photo.toString()), "Alice's photo is gone: " + media);
        String children = Pages.all("/v1/children", path -> Gateway.send("GET", path, alice, null)).toString();
        assertTrue(children.contains(victim.child.toString()), "Alice's child is gone: " + children);
        String bob = Accounts.bob();
        assertEquals(200, Gateway.send("GET", "/v1/children/" + victim.attackersChild + "/profile", bob, null).status());
        String bobsMedia = Gateway.send("GET", "/v1/children/" + victim.attackersChild + "/media", bob, null).expect(200).toString();
        assertTrue(bobsMedia.contains(victim.attackersPhoto.toString()), "Bob's photo is gone: " + bobsMedia);
        assertEquals(200, Gateway.send("GET", "/v1/toys/me", victim.attackersToy.token(), null).status(), "Bob's toy was unpaired");
        assertEquals(200, Gateway.send("GET", "/v1/toys/me", victim.toy.token(), null).status(), "Alice's toy was unpaired");
    }
}
