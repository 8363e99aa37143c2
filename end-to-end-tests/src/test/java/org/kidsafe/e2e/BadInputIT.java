package org.kidsafe.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kidsafe.testsupport.PngChunks;
import org.kidsafe.launcher.Platform;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.zip.Deflater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile bodies, headers and ids through the gateway: each is refused with a 4xx problem+json that
 * carries no stack trace, and every service is still healthy and serving afterwards.
 */
class BadInputIT {

    private static final int ANY_4XX = -1;
    private static final String STACK_TRACE_SIGNS = "(?s).*(Exception|\\tat |\\.java:\\d|Caused by).*";

    /** One hostile request, sent by Alice (parent) or by her toy, and the statuses it may get. */
    record Hostile(String name, String method, Function<Victim, String> path, boolean fromToy, Map<String, String> headers,
                   byte[] body, int lowest, int highest) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final CachedToken ALICE = new CachedToken(Accounts::alice);
    private static CachedToken alicesToy;

    @BeforeAll
    static void platformAndDataExist() {
        alicesToy = new CachedToken(Victim.get().toy::token);
    }

    static Stream<Hostile> hostileRequests() {
        String json = "application/json";
        return Stream.of(
                hostile("JSON body of 2 MB", "POST", chat(), false, json, jsonString("text", "a".repeat(2 * 1024 * 1024)), 413),
                hostile("media body of 30 MB", "POST", v -> "/v1/media", true, "image/png", new byte[30 * 1024 * 1024], 413),
                hostile("JSON nested 50000 deep", "POST", chat(), false, json,
                        ("{\"text\":" + "[".repeat(50_000) + "]".repeat(50_000) + "}").getBytes(StandardCharsets.US_ASCII), 400),
                hostile("JSON object nested 50000 deep", "PUT", v -> "/v1/children/" + v.child + "/profile", false, json,
                        ("{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000)).getBytes(StandardCharsets.US_ASCII), 400),
                hostile("wrong types", "POST", v -> "/v1/children/" + v.child + "/consents", false, json,
                        "{\"category\":5,\"noticeVersion\":\"abc\"}".getBytes(StandardCharsets.US_ASCII), 400),
                hostile("an array for an object", "PUT", v -> "/v1/children/" + v.child + "/profile", false, json,
                        "[1,2,3]".getBytes(StandardCharsets.US_ASCII), 400),
                hostile("a bare string", "POST", chat(), false, json, "\"hello\"".getBytes(StandardCharsets.US_ASCII), ANY_4XX),
                hostile("an empty body", "POST", chat(), false, json, new byte[0], ANY_4XX),
                hostile("JSON null", "POST", chat(), false, json, "null".getBytes(StandardCharsets.US_ASCII), ANY_4XX),
                hostile("a number too big", "POST", v -> "/v1/children/" + v.child + "/consents", false, json,
                        "{\"category\":\"PHOTOS\",\"noticeVersion\":99999999999999999999999}".getBytes(StandardCharsets.US_ASCII), 400),
                hostile("invalid UTF-8 in JSON", "POST", chat(), false, json,
                        concat("{\"text\":\"".getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xc3, 0x28},
                                "\"}".getBytes(StandardCharsets.US_ASCII)), 400),
                hostile("XML for JSON", "POST", chat(), false, "application/xml",
                        "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>".getBytes(StandardCharsets.US_ASCII), ANY_4XX),
                new Hostile("a 64 KB header", "GET", v -> "/v1/children", false, Map.of("X-Filler", "a".repeat(64 * 1024)), null, 400, 499),
                hostile("count not a number", "GET", v -> "/v1/display-names/suggestions?count=abc", false, null, null, ANY_4XX),
                hostile("count huge", "GET", v -> "/v1/display-names/suggestions?count=2147483647", false, null, null, ANY_4XX),
                hostile("an id that is not a UUID", "GET", v -> "/v1/children/not-a-uuid/profile", false, null, null, ANY_4XX),
                hostile("traversal ../ encoded", "GET", v -> "/v1/children/..%2F..%2Fledger%2Fverification", false, null, null, ANY_4XX),
                hostile("traversal into a service's health", "GET", v -> "/v1/children/" + v.child + "/profile/..%2F..%2F..%2F..%2Fq%2Fhealth",
                        false, null, null, ANY_4XX),
                hostile("traversal dot segments", "GET", v -> "/v1/children/%2e%2e/%2e%2e/ledger/verification", false, null, null, ANY_4XX),
                hostile("traversal in a media id", "GET", v -> "/v1/children/" + v.child + "/media/..%2F..%2F..%2Fetc%2Fpasswd/content",
                        false, null, null, ANY_4XX),
                hostile("traversal in a device id", "DELETE", v -> "/v1/children/" + v.child + "/toys/..%2F..%2F" + v.attackersChild,
                        false, null, null, ANY_4XX),
                hostile("backslash and NUL in an id", "GET", v -> "/v1/children/%5C..%5C%00/profile", false, null, null, ANY_4XX),
                hostile("a PNG declaring 50000 x 50000 pixels", "POST", v -> "/v1/media", true, "image/png", png(50_000, 50_000, new byte[0]), 422),
                hostile("a PNG that is not a PNG", "POST", v -> "/v1/media", true, "image/png", "GIF89a....".getBytes(StandardCharsets.US_ASCII), ANY_4XX),
                hostile("a truncated PNG", "POST", v -> "/v1/media", true, "image/png", Arrays.copyOf(Victim.png(), 40), ANY_4XX),
                hostile("a consent form that is an executable", "POST", v -> "/v1/verification/consent-forms", false,
                        "application/pdf", "MZ\u0090\u0000 this is not a pdf".getBytes(StandardCharsets.ISO_8859_1), 415),
                hostile("a consent form that starts like a PDF but is none", "POST", v -> "/v1/verification/consent-forms", false,
                        "application/pdf", "%PDF-1.7\n1 0 obj << /JS (app.alert(1)) >>".getBytes(StandardCharsets.ISO_8859_1), 422));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileRequests")
    void refusedWithAProblemAndNoStackTrace(Hostile hostile) {
        Victim victim = Victim.get();
        Map<String, String> headers = new LinkedHashMap<>(hostile.headers());
        headers.put("Authorization", "Bearer " + (hostile.fromToy() ? alicesToy.get() : ALICE.get()));
        ApiResponse answer = Gateway.send(Gateway.client(), hostile.method(), hostile.path().apply(victim), headers, hostile.body());

        assertTrue(answer.status() >= hostile.lowest() && answer.status() <= hostile.highest(),
                hostile + ": expected " + hostile.lowest() + (hostile.lowest() == hostile.highest() ? "" : "-" + hostile.highest())
                        + " but got " + answer.status() + " " + answer.text());
        assertFalse(answer.text().matches(STACK_TRACE_SIGNS), hostile + " answered a stack trace: " + answer.text());
        if (answer.status() != 431) {
            assertTrue(answer.isProblem(), hostile + " answered " + answer.contentType() + ": " + answer.text());
        } else {
            // Vert.x refuses oversized headers before any KidSafe code runs: an empty 431, nothing read, nothing leaked.
            assertEquals(0, answer.body().length, answer.text());
        }
        everyServiceIsHealthyAndServing();
    }

    /**
     * A zlib stream that inflates to a gigabyte, inside a PNG that declares 8 x 8 pixels. The service
     * never inflates image data (it only copies allowed chunks and checks their CRCs), so the bomb is
     * inert: whatever it answers, it is not a 5xx and the service stays well.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("zlibBombs")
    void aZlibBombIsInert(String name, byte[] image) {
        ApiResponse answer = Gateway.send("POST", "/v1/media", alicesToy.get(), "image/png", image);
        assertTrue(answer.status() < 500, name + " answered " + answer.status() + ": " + answer.text());
        everyServiceIsHealthyAndServing();
    }

    static Stream<Object[]> zlibBombs() {
        return Stream.<Object[]>of(new Object[] {"a gigabyte of zeros in IDAT", png(8, 8, zlibOfZeros(1L << 30))});
    }

    @AfterAll
    static void stillServingAfterwards() {
        everyServiceIsHealthyAndServing();
    }

    private static void everyServiceIsHealthyAndServing() {
        Platform platform = RunningPlatform.get();
        for (String service : Platform.SERVICES) {
            assertTrue(platform.service(service).isReady(), service + " is no longer ready");
        }
        Victim victim = Victim.get();
        String alice = ALICE.get();
        assertEquals(200, Gateway.send("GET", "/v1/children/" + victim.child + "/profile", alice, null).status(), "profile-service serves");
        assertEquals(200, Gateway.send("GET", "/v1/children/" + victim.child + "/media", alice, null).status(), "media-service serves");
        assertEquals(200, Gateway.send("GET", "/v1/children", alice, null).status(), "consent-service serves");
    }

    private static Hostile hostile(String name, String method, Function<Victim, String> path, boolean fromToy, String contentType,
                                   byte[] body, int status) {
        return status == ANY_4XX ? hostile(name, method, path, fromToy, contentType, body, 400, 499)
                : hostile(name, method, path, fromToy, contentType, body, status, status);
    }

    private static Hostile hostile(String name, String method, Function<Victim, String> path, boolean fromToy, String contentType,
                                   byte[] body, int lowest, int highest) {
        Map<String, String> headers = contentType == null ? Map.of() : Map.of("Content-Type", contentType);
        return new Hostile(name, method, path, fromToy, headers, body, lowest, highest);
    }

    private static Function<Victim, String> chat() {
        return v -> "/v1/children/" + v.child + "/chat";
    }

    private static byte[] jsonString(String field, String value) {
        return ("{\"" + field + "\":\"" + value + "\"}").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** A PNG with the given declared size and IDAT payload; every chunk's CRC is right. */
    static byte[] png(int width, int height, byte[] idat) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a});
        ByteBuffer header = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        PngChunks.write(out, "IHDR", header.array());
        PngChunks.write(out, "IDAT", idat);
        PngChunks.write(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** zlib of {@code size} zero bytes: about a thousandth of the size, compressed. */
    private static byte[] zlibOfZeros(long size) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        byte[] zeros = new byte[1 << 20];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        for (long written = 0; written < size; written += zeros.length) {
            deflater.setInput(zeros);
            while (!deflater.needsInput()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }
}
