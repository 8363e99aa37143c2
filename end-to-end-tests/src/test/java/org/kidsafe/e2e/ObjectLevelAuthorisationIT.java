package org.kidsafe.e2e;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Broken object-level authorisation, the API's most common hole: EVERY operation of the gateway's
 * aggregated OpenAPI document is called with another parent's token (Bob) and with another child's toy
 * (Bob's toy), naming Alice's real objects. Each must be refused (403 or 404) without a byte of Alice's
 * data. An operation without a plan below fails the test, so a new endpoint cannot slip through.
 */
class ObjectLevelAuthorisationIT {

    /** How an operation is attacked, and what it must answer. */
    enum Scope {
        /** Names Alice's objects: refused to every other caller, and answered to the owner. */
        VICTIMS,
        /** Acts only on the caller's own account or child, so nothing of Alice's can be named: no leak, no 5xx. */
        CALLERS_OWN,
        /** Deliberately public (justified in the plan): called anonymously, no leak, no 5xx. */
        PUBLIC
    }

    record Call(String path, String contentType, byte[] body) {
        static Call of(String path) {
            return new Call(path, null, null);
        }

        static Call json(String path, String json) {
            return new Call(path, "application/json", json.getBytes(StandardCharsets.UTF_8));
        }

        String text() {
            return path + (body == null ? "" : new String(body, StandardCharsets.ISO_8859_1));
        }
    }

    /**
     * @param calls  what to send (several when ids can be mixed, e.g. the attacker's child with Alice's photo)
     * @param owner  for VICTIMS: who may call it (the positive control), null if not safely repeatable
     * @param reason why the scope is right; for PUBLIC the justification of the allow-list
     */
    record Plan(Scope scope, Function<Victim, List<Call>> calls, Function<Victim, Supplier<String>> owner, String reason) {
    }

    private static final Map<String, Plan> PLANS = new LinkedHashMap<>();
    private static Victim victim;

    static {
        CachedToken aliceToken = new CachedToken(Accounts::alice);
        CachedToken officerToken = new CachedToken(Accounts::carol);
        Function<Victim, Supplier<String>> alice = v -> aliceToken;
        Function<Victim, Supplier<String>> officer = v -> officerToken;
        Function<Victim, Supplier<String>> nobody = v -> null;

        isPublic("GET /openapi", "the API description itself; holds no data");
        isPublic("GET /v1/keys", "consent-service's public keys, so anyone can verify an erasure receipt");
        isPublic("GET /v1/ledger/head", "the audit ledger's signed chain head: a sequence number, a hash and a time, no personal"
                + " data; its worth is that anyone can keep one to detect a later rewrite (issue 18 item 3)");
        isPublic("GET /v1/notices/current", "the privacy notice must be readable before anyone signs up (§312.4)");
        PLANS.put("POST /v1/toys/pairings", new Plan(Scope.PUBLIC,
                v -> List.of(Call.json("/v1/toys/pairings", "{\"code\":\"ZZZZ9999\",\"deviceId\":\"attacker-device\"}")), nobody,
                "a toy has no token before it is paired; the single-use 10-minute code is the credential, rate-limited per address"));

        callersOwn("GET /v1/notices/{version}", v -> Call.of("/v1/notices/1"), "the published notice, the same for everyone");
        callersOwn("POST /v1/children", v -> Call.json("/v1/children", "{}"), "registers a child of the caller");
        callersOwn("GET /v1/children", v -> Call.of("/v1/children"), "lists the caller's own children");
        callersOwn("GET /v1/verification", v -> Call.of("/v1/verification"), "the caller's own verifications and forms");
        callersOwn("POST /v1/verification/consent-forms",
                v -> new Call("/v1/verification/consent-forms", "image/png", Victim.png()), "submits the caller's own form");
        callersOwn("POST /v1/verification/email",
                v -> Call.json("/v1/verification/email", "{\"email\":\"parent.bob@example.com\"}"), "mails the caller a code");
        callersOwn("POST /v1/verification/email/confirmation",
                v -> Call.json("/v1/verification/email/confirmation", "{\"challengeId\":\"" + UUID.randomUUID() + "\",\"code\":\"12345678\"}"),
                "confirms the caller's own challenge");
        callersOwn("POST /v1/chat", v -> Call.json("/v1/chat", "{\"text\":\"hello\"}"), "a toy writes for its own child only");
        callersOwn("GET /v1/chat/inbox", v -> Call.of("/v1/chat/inbox"), "a toy reads its own child's messages only");
        callersOwn("POST /v1/media", v -> new Call("/v1/media", "image/png", Victim.png()), "a toy uploads for its own child only");
        callersOwn("POST /v1/display-names/checks", v -> Call.json("/v1/display-names/checks", "{\"displayName\":\"CalmOwl\"}"),
                "checks a proposed name; no stored data");
        callersOwn("GET /v1/display-names/suggestions", v -> Call.of("/v1/display-names/suggestions?count=3"), "generated names");
        callersOwn("GET /v1/toys/me", v -> Call.of("/v1/toys/me"), "the calling toy's own binding");

        victims("GET /v1/children/{childId}/export", v -> List.of(Call.of(child(v) + "/export")), alice);
        victims("GET /v1/children/{childId}/holdings", v -> List.of(Call.of(child(v) + "/holdings")), alice);
        victims("GET /v1/admin/consent-forms", v -> List.of(Call.of("/v1/admin/consent-forms")), officer);
        victims("GET /v1/admin/consent-forms/{formId}/content",
                v -> List.of(Call.of("/v1/admin/consent-forms/" + v.consentForm + "/content")), officer);
        victims("POST /v1/admin/consent-forms/{formId}/decision",
                v -> List.of(Call.json("/v1/admin/consent-forms/" + v.consentForm + "/decision", "{\"approved\":true}")), nobody);
        victims("GET /v1/ledger/verification", v -> List.of(Call.of("/v1/ledger/verification")), officer);
        victims("POST /v1/ledger/verification", v -> List.of(Call.json("/v1/ledger/verification", "{\"heads\":[\"a.b.c\"]}")), nobody);
        victims("DELETE /v1/children/{childId}", v -> List.of(Call.of(child(v))), nobody);
        victims("GET /v1/children/{childId}/consents", v -> List.of(Call.of(child(v) + "/consents")), alice);
        victims("POST /v1/children/{childId}/consents",
                v -> List.of(Call.json(child(v) + "/consents", "{\"category\":\"PHOTOS\",\"noticeVersion\":1}")), nobody);
        victims("DELETE /v1/children/{childId}/consents/{category}", v -> List.of(Call.of(child(v) + "/consents/CHAT")), nobody);
        victims("GET /v1/erasures/{erasureId}", v -> List.of(Call.of("/v1/erasures/" + v.erasure)), alice);
        victims("POST /v1/children/{childId}/chat", v -> List.of(Call.json(child(v) + "/chat", "{\"text\":\"hi\"}")), nobody);
        victims("GET /v1/children/{childId}/media", v -> List.of(Call.of(child(v) + "/media"), Call.of(child(v) + "/media?category=PHOTOS")), alice);
        victims("GET /v1/children/{childId}/media/{itemId}", v -> photoCalls(v, ""), alice);
        victims("DELETE /v1/children/{childId}/media/{itemId}", v -> photoCalls(v, ""), nobody);
        victims("GET /v1/children/{childId}/media/{itemId}/content", v -> photoCalls(v, "/content"), alice);
        victims("POST /v1/children/{childId}/pairing-codes", v -> List.of(Call.json(child(v) + "/pairing-codes", "{}")), nobody);
        victims("PUT /v1/children/{childId}/profile", v -> List.of(Call.json(child(v) + "/profile",
                "{\"displayName\":\"SneakyFox\",\"avatar\":\"CAT\",\"ageBand\":\"AGE_8_10\",\"preferredLanguage\":\"en\"}")), nobody);
        victims("PATCH /v1/children/{childId}/profile",
                v -> List.of(Call.json(child(v) + "/profile", "{\"displayName\":\"SneakyFox\"}")), nobody);
        victims("GET /v1/children/{childId}/profile", v -> List.of(Call.of(child(v) + "/profile")), alice);
        victims("GET /v1/children/{childId}/toys", v -> List.of(Call.of(child(v) + "/toys")), alice);
        victims("DELETE /v1/children/{childId}/toys/{deviceId}", v -> List.of(
                Call.of(child(v) + "/toys/" + v.toyDevice),
                Call.of("/v1/children/" + v.attackersChild + "/toys/" + v.toyDevice)), nobody);
    }

    @BeforeAll
    static void aliceHasData() {
        victim = Victim.get();
    }

    @Test
    void everyDocumentedOperationHasAnAttackPlan() {
        Set<String> documented = new TreeSet<>();
        AttackSurface.operations().forEach(operation -> documented.add(operation.key()));
        Set<String> unplanned = new TreeSet<>(documented);
        unplanned.removeAll(PLANS.keySet());
        Set<String> stale = new TreeSet<>(PLANS.keySet());
        stale.removeAll(documented);
        assertTrue(unplanned.isEmpty(), "Operations without an attack plan (add them to ObjectLevelAuthorisationIT): " + unplanned);
        assertTrue(stale.isEmpty(), "Plans for operations the API no longer documents: " + stale);
        AttackSurface.operations().stream().filter(AttackSurface.Operation::isPublic).forEach(operation ->
                assertEquals(Scope.PUBLIC, PLANS.get(operation.key()).scope(), operation + " is public but not on the justified allow-list"));
    }

    @Test
    void anotherParentAndAnotherChildsToyAreRefusedEverywhere() {
        Supplier<String> bob = new CachedToken(Accounts::bob);
        Supplier<String> bobsToy = new CachedToken(victim.attackersToy::token);
        List<String> failures = new ArrayList<>();
        int calls = 0;
        for (AttackSurface.Operation operation : AttackSurface.operations()) {
            Plan plan = PLANS.get(operation.key());
            if (plan == null) {
                continue;
            }
            for (Call call : plan.calls().apply(victim)) {
                if (plan.scope() == Scope.PUBLIC) {
                    calls++;
                    check(operation, call, null, "anonymous", plan, failures);
                    continue;
                }
                for (Map.Entry<String, Supplier<String>> attacker : Map.of("another parent", bob, "another child's toy", bobsToy).entrySet()) {
                    calls++;
                    check(operation, call, attacker.getValue().get(), attacker.getKey(), plan, failures);
                }
            }
        }
        System.out.printf("Object-level authorisation: %d operations, %d attack calls%n", AttackSurface.operations().size(), calls);
        if (!failures.isEmpty()) {
            fail(failures.size() + " attack(s) not refused:\n" + String.join("\n", failures));
        }
    }

    /** The ids are real: their owner (Alice, or the compliance officer for review routes) is answered. */
    @Test
    void theOwnerIsAnsweredForTheSameIds() {
        List<String> failures = new ArrayList<>();
        PLANS.forEach((key, plan) -> {
            Supplier<String> owner = plan.owner().apply(victim);
            if (plan.scope() != Scope.VICTIMS || owner == null) {
                return;
            }
            Call call = plan.calls().apply(victim).get(0);
            ApiResponse answer = Gateway.send(key.substring(0, key.indexOf(' ')), call.path(), owner.get(), call.contentType(), call.body());
            if (answer.status() != 200) {
                failures.add(key + " answered its owner " + answer.status() + ": " + answer.text());
            }
        });
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    private static void check(AttackSurface.Operation operation, Call call, String token, String attacker, Plan plan, List<String> failures) {
        ApiResponse answer = Gateway.send(operation.method(), call.path(), token, call.contentType(), call.body());
        String what = operation.method() + " " + call.path() + " as " + attacker + " -> " + answer.status();
        if (plan.scope() == Scope.VICTIMS && answer.status() != 403 && answer.status() != 404) {
            failures.add(what + " (expected 403 or 404): " + answer.text());
        }
        if (answer.status() >= 500) {
            failures.add(what + " (server error): " + answer.text());
        }
        String sent = call.text();
        for (String secret : victim.secrets()) {
            if (!sent.contains(secret) && answer.text().contains(secret)) {
                failures.add(what + " leaked Alice's data '" + secret + "'");
            }
        }
    }

    private static String child(Victim v) {
        return "/v1/children/" + v.child;
    }

    /** Alice's photo under Alice's child, and under the attacker's own child (mixed ids). */
    private static List<Call> photoCalls(Victim v, String suffix) {
        return List.of(Call.of(child(v) + "/media/" + v.photo + suffix),
                Call.of("/v1/children/" + v.attackersChild + "/media/" + v.photo + suffix));
    }

    private static void isPublic(String key, String justification) {
        String path = key.substring(key.indexOf(' ') + 1);
        PLANS.put(key, new Plan(Scope.PUBLIC, v -> List.of(Call.of(path)), v -> null, justification));
    }

    private static void callersOwn(String key, Function<Victim, Call> call, String reason) {
        PLANS.put(key, new Plan(Scope.CALLERS_OWN, v -> List.of(call.apply(v)), v -> null, reason));
    }

    private static void victims(String key, Function<Victim, List<Call>> calls, Function<Victim, Supplier<String>> owner) {
        PLANS.put(key, new Plan(Scope.VICTIMS, calls, owner, "names Alice's objects"));
    }
}
