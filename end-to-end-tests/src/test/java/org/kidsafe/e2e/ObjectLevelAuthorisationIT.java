package org.kidsafe.e2e;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kidsafe.api.client.ApiException;
import org.kidsafe.api.client.model.AcceptInvitationRequest;
import org.kidsafe.api.client.model.AgeBand;
import org.kidsafe.api.client.model.Avatar;
import org.kidsafe.api.client.model.ChatRequest;
import org.kidsafe.api.client.model.DataCategory;
import org.kidsafe.api.client.model.DisplayNameCheck;
import org.kidsafe.api.client.model.EmailCodeRequest;
import org.kidsafe.api.client.model.EmailConfirmRequest;
import org.kidsafe.api.client.model.FormDecisionRequest;
import org.kidsafe.api.client.model.GrantConsentRequest;
import org.kidsafe.api.client.model.InvitationRequest;
import org.kidsafe.api.client.model.LedgerVerificationRequest;
import org.kidsafe.api.client.model.NotificationSettingsRequest;
import org.kidsafe.api.client.model.PairingRequest;
import org.kidsafe.api.client.model.PreferencesView;
import org.kidsafe.api.client.model.ProfilePatch;
import org.kidsafe.api.client.model.ProfileRequest;
import org.kidsafe.embedded.keycloak.DevRealm;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Broken object-level authorisation, the API's most common hole: EVERY operation of the gateway's
 * aggregated OpenAPI document is called with another parent's token (Bob) and with another child's toy
 * (Bob's toy), naming Alice's real objects; and, for every operation naming Alice's objects, with the tokens of her child's
 * former guardian (removed from the household) and of a parent invited who has not accepted (issue 19 item 4). Each must be
 * refused (403 or 404) without a byte of Alice's data, while her child's co-guardian is answered like Alice. An operation
 * without a plan below fails the test, so a new endpoint cannot slip through.
 *
 * <p>Every call goes through the generated Java client's typed method for its operationId (issue 20 item 3), as a
 * mobile app would call it, so a change that breaks the contract breaks this test; and every call is checked to have
 * reached, on the wire, the operation its plan is keyed by.
 */
class ObjectLevelAuthorisationIT {

    /** How an operation is attacked, and what it must answer. */
    enum Scope {
        /** Names Alice's objects: refused to every other caller, and answered to the owner. */
        VICTIMS,
        /** Acts only on the caller's own account or child, so nothing of Alice's can be named: no leak, no 5xx. */
        CALLERS_OWN,
        /**
         * Ends the caller's own account and names nothing else: called by the other child's toy only (a parent calling it
         * would leave KidSafe, ending the attacker of the other plans; consent-service's LeavingTest shows that another
         * parent's leaving leaves Alice's account, children and contact untouched).
         */
        CALLERS_OWN_ACCOUNT,
        /** Deliberately public (justified in the plan): called anonymously, no leak, no 5xx. */
        PUBLIC
    }

    /** One typed call of the generated client, naming the victim's objects as the plan says. */
    @FunctionalInterface
    interface Attack {
        Object on(Apis apis, Victim victim) throws ApiException;
    }

    /** A typed call of an operation that answers no body (204): its generated method returns nothing. */
    @FunctionalInterface
    interface Effect {
        void on(Apis apis, Victim victim) throws ApiException;
    }

    /**
     * @param attacks what to call (several when ids can be mixed, e.g. the attacker's child with Alice's photo); every one
     *                through the operation the plan is keyed by
     * @param owner   for VICTIMS: who may call it (the positive control), null if not safely repeatable
     * @param reason  why the scope is right; for PUBLIC the justification of the allow-list
     */
    record Plan(Scope scope, List<Attack> attacks, Function<Victim, Supplier<String>> owner, String reason) {
    }

    /** By operationId. */
    private static final Map<String, Plan> PLANS = new LinkedHashMap<>();
    private static Victim victim;
    /** Alice's child's co-guardian, former guardian and invitee. */
    private static Household household;
    /** The plans whose owner is Alice as her child's guardian: her co-guardian is answered too. */
    private static final Set<String> GUARDIANS_READ = Set.of("exportChildData", "getChildHoldings", "listConsents", "listMedia", "getMedia",
            "getMediaContent", "getProfile", "listToys", "getHousehold");

    static {
        CachedToken aliceToken = new CachedToken(Accounts::alice);
        CachedToken officerToken = new CachedToken(Accounts::carol);
        Function<Victim, Supplier<String>> alice = v -> aliceToken;
        Function<Victim, Supplier<String>> officer = v -> officerToken;
        Function<Victim, Supplier<String>> nobody = v -> null;

        isPublic("getApiDocument", (a, v) -> a.apiDescription().getApiDocument(), "the API description itself; holds no data");
        isPublic("getKeys", (a, v) -> a.erasure().getKeys(), "consent-service's public keys, so anyone can verify an erasure receipt");
        isPublic("getLedgerHead", (a, v) -> a.compliance().getLedgerHead(), "the audit ledger's signed chain head: a sequence number, a hash"
                + " and a time, no personal data; its worth is that anyone can keep one to detect a later rewrite (issue 18 item 3)");
        isPublic("getCurrentNotice", (a, v) -> a.notices().getCurrentNotice(), "the privacy notice must be readable before anyone signs up (§312.4)");
        isPublic("pairToy", (a, v) -> a.toys().pairToy(new PairingRequest().code("ZZZZ9999").deviceId("attacker-device")),
                "a toy has no token before it is paired; the single-use 10-minute code is the credential, rate-limited per address");

        callersOwn("getNotice", (a, v) -> a.notices().getNotice(1), "the published notice, the same for everyone");
        callersOwn("getNoticeChanges", (a, v) -> a.notices().getNoticeChanges(2, 1), "what changed between two published notices, the same for everyone");
        callersOwn("registerChild", (a, v) -> a.children().registerChild(), "registers a child of the caller");
        callersOwn("listChildren", (a, v) -> a.children().listChildren(null, null), "lists the caller's own children");
        PLANS.put("deleteMe", new Plan(Scope.CALLERS_OWN_ACCOUNT, List.of((a, v) -> a.account().deleteMe()), v -> null,
                "leaves KidSafe: acts on the token's subject alone (issue 19 item 5)"));
        callersOwn("getPreferences", (a, v) -> a.account().getPreferences(), "the caller's own language (issue 19 item 10)");
        callersOwn("putPreferences", (a, v) -> a.account().putPreferences(new PreferencesView().language(null)),
                "sets the caller's own language; null leaves the browser's to decide, as before");
        callersOwn("getNotificationSettings", (a, v) -> a.account().getNotificationSettings(), "the caller's own mail settings (issue 19 item 8)");
        callersOwn("putNotificationSettings", (a, v) -> a.account().putNotificationSettings(new NotificationSettingsRequest().retentionDigest(true)),
                "sets the caller's own mail settings to their default");
        callersOwn("listErasures", (a, v) -> a.erasure().listErasures(null, null), "lists the erasures the caller started");
        callersOwn("getVerificationStatus", (a, v) -> a.parentVerification().getVerificationStatus(), "the caller's own verifications and forms");
        callersOwn("uploadConsentForm", (a, v) -> a.parentVerification().uploadConsentForm(Victim.png(), Apis.PNG), "submits the caller's own form");
        callersOwn("startEmailVerification",
                (a, v) -> a.parentVerification().startEmailVerification(new EmailCodeRequest().email("parent.bob@example.com")), "mails the caller a code");
        callersOwn("confirmEmailVerification", (a, v) -> a.parentVerification().confirmEmailVerification(
                new EmailConfirmRequest().challengeId(UUID.randomUUID()).code("12345678")), "confirms the caller's own challenge");
        callersOwn("sendChatFromToy", (a, v) -> a.toys().sendChatFromToy(new ChatRequest().text("hello")), "a toy writes for its own child only");
        callersOwn("getChatInbox", (a, v) -> a.toys().getChatInbox(null, null), "a toy reads its own child's messages only");
        callersOwn("uploadMedia", (a, v) -> a.toys().uploadMedia(Victim.png(), Apis.PNG), "a toy uploads for its own child only");
        callersOwn("checkDisplayName", (a, v) -> a.displayNames().checkDisplayName(new DisplayNameCheck().displayName("CalmOwl")),
                "checks a proposed name; no stored data");
        callersOwn("suggestDisplayNames", (a, v) -> a.displayNames().suggestDisplayNames(3), "generated names");
        callersOwn("getToyGreeting", (a, v) -> a.toys().getToyGreeting(), "the calling toy's own binding");
        callersOwn("acceptInvitation", (a, v) -> a.households().acceptInvitation(new AcceptInvitationRequest()
                        .token("kQ3v8xYz0pLm2N4rT6uW8yA0cE2gI4kM6oQ8sU0wY2a")),
                "names no object: the token is the credential, a random single-use secret mailed to the invitee (an unknown one: 404)");

        victims("exportChildData", alice, (a, v) -> a.parentsReview().exportChildData(v.child, null));
        victims("getChildHoldings", alice, (a, v) -> a.parentsReview().getChildHoldings(v.child, null));
        victims("listPendingConsentForms", officer, (a, v) -> a.compliance().listPendingConsentForms(null, null));
        victims("getConsentFormContent", officer, (a, v) -> a.compliance().getConsentFormContent(v.consentForm));
        victims("decideConsentForm", nobody,
                (a, v) -> a.compliance().decideConsentForm(v.consentForm, new FormDecisionRequest().approved(true)));
        victims("verifyLedger", officer, (a, v) -> a.compliance().verifyLedger());
        victims("markNoticeMaterial", nobody, (a, v) -> a.notices().markNoticeMaterial(1));
        victims("verifyLedgerWithHeads", nobody,
                (a, v) -> a.compliance().verifyLedgerWithHeads(new LedgerVerificationRequest().heads(List.of("a.b.c"))));
        victims("deleteChild", nobody, (a, v) -> a.children().deleteChild(v.child));
        victims("listConsents", alice, (a, v) -> a.consent().listConsents(v.child, null, null));
        victims("grantConsent", nobody,
                (a, v) -> a.consent().grantConsent(v.child, new GrantConsentRequest().category(DataCategory.PHOTOS).noticeVersion(1)));
        victims("revokeConsent", nobody, (a, v) -> a.consent().revokeConsent(DataCategory.CHAT, v.child));
        victims("getErasure", alice, (a, v) -> a.erasure().getErasure(v.erasure));
        victims("sendChatToToy", nobody, (a, v) -> a.childMedia().sendChatToToy(v.child, new ChatRequest().text("hi")));
        victims("listMedia", alice, (a, v) -> a.childMedia().listMedia(v.child, null, null, null), (a, v) -> a.childMedia().listMedia(v.child, null, "PHOTOS", null));
        // Alice's photo under Alice's child, and under the attacker's own child (mixed ids).
        victims("getMedia", alice, (a, v) -> a.childMedia().getMedia(v.child, v.photo),
                (a, v) -> a.childMedia().getMedia(v.attackersChild, v.photo));
        victims("deleteMedia", nobody, answersNothing((a, v) -> a.childMedia().deleteMedia(v.child, v.photo)),
                answersNothing((a, v) -> a.childMedia().deleteMedia(v.attackersChild, v.photo)));
        victims("getMediaContent", alice, (a, v) -> a.childMedia().getMediaContent(v.child, v.photo, null),
                (a, v) -> a.childMedia().getMediaContent(v.attackersChild, v.photo, null));
        victims("createPairingCode", nobody, (a, v) -> a.toyPairing().createPairingCode(v.child));
        victims("replaceProfile", nobody, (a, v) -> a.profile().replaceProfile(v.child, new ProfileRequest()
                .displayName("SneakyFox").avatar(Avatar.CAT).ageBand(AgeBand.AGE_8_10).preferredLanguage("en")));
        victims("updateProfile", nobody, (a, v) -> a.profile().updateProfile(v.child, new ProfilePatch().displayName("SneakyFox")));
        victims("getProfile", alice, (a, v) -> a.profile().getProfile(v.child));
        victims("listToys", alice, (a, v) -> a.toys().listToys(v.child, null, null));
        victims("getHousehold", alice, (a, v) -> a.households().getHousehold(v.child));
        victims("inviteGuardian", nobody,
                (a, v) -> a.households().inviteGuardian(v.child, new InvitationRequest().email("attacker@example.com")));
        // Alice's open invitation under Alice's child, and under the attacker's own child (mixed ids).
        victims("cancelInvitation", nobody, answersNothing((a, v) -> a.households().cancelInvitation(v.child, household.pendingInvitation)),
                answersNothing((a, v) -> a.households().cancelInvitation(v.attackersChild, household.pendingInvitation)));
        victims("removeGuardian", nobody,
                answersNothing((a, v) -> a.households().removeGuardian(v.child, UUID.fromString(DevRealm.ALICE.id()))),
                answersNothing((a, v) -> a.households().removeGuardian(v.child, household.coGuardian.id())),
                answersNothing((a, v) -> a.households().removeGuardian(v.attackersChild, UUID.fromString(DevRealm.ALICE.id()))));
        victims("unpairToy", nobody, answersNothing((a, v) -> a.toys().unpairToy(v.child, v.toyDevice)),
                answersNothing((a, v) -> a.toys().unpairToy(v.attackersChild, v.toyDevice)));
    }

    @BeforeAll
    static void aliceHasData() {
        victim = Victim.get();
        household = Household.of(victim.child, new CachedToken(Accounts::alice));
    }

    @Test
    void everyDocumentedOperationHasAnAttackPlan() {
        Set<String> documented = new TreeSet<>();
        AttackSurface.operations().forEach(operation -> documented.add(String.valueOf(operation.operationId())));
        Set<String> unplanned = new TreeSet<>(documented);
        unplanned.removeAll(PLANS.keySet());
        Set<String> stale = new TreeSet<>(PLANS.keySet());
        stale.removeAll(documented);
        assertEquals(AttackSurface.operations().size(), documented.size(), "Every operation needs its own operationId: " + documented);
        assertTrue(unplanned.isEmpty(), "Operations without an attack plan (add them to ObjectLevelAuthorisationIT): " + unplanned);
        assertTrue(stale.isEmpty(), "Plans for operations the API no longer documents: " + stale);
        AttackSurface.operations().stream().filter(AttackSurface.Operation::isPublic).forEach(operation ->
                assertEquals(Scope.PUBLIC, PLANS.get(operation.operationId()).scope(), operation + " is public but not on the justified allow-list"));
        Set<String> generated = Apis.CLASSES.stream().flatMap(api -> Arrays.stream(api.getMethods()))
                .filter(method -> Modifier.isPublic(method.getModifiers())).map(Method::getName).collect(Collectors.toSet());
        Set<String> untyped = new TreeSet<>(documented);
        untyped.removeAll(generated);
        assertTrue(untyped.isEmpty(), "Served operations the generated client has no method for (is api/kidsafe-v1.yaml what the gateway serves?): " + untyped);
    }

    @Test
    void anotherParentAndAnotherChildsToyAreRefusedEverywhere() {
        Supplier<String> bob = new CachedToken(Accounts::bob);
        Supplier<String> bobsToy = new CachedToken(victim.attackersToy::token);
        Supplier<String> formerGuardian = new CachedToken(household.formerGuardian::token);
        Supplier<String> invitee = new CachedToken(household.invitee::token);
        List<String> failures = new ArrayList<>();
        int calls = 0;
        for (AttackSurface.Operation operation : AttackSurface.operations()) {
            Plan plan = PLANS.get(operation.operationId());
            if (plan == null) {
                continue;
            }
            for (Attack attack : plan.attacks()) {
                if (plan.scope() == Scope.PUBLIC) {
                    calls++;
                    check(operation.operationId(), attack, null, "anonymous", plan, failures);
                    continue;
                }
                Map<String, Supplier<String>> attackers = switch (plan.scope()) {
                    case CALLERS_OWN_ACCOUNT -> Map.of("another child's toy", bobsToy);
                    case VICTIMS -> Map.of("another parent", bob, "another child's toy", bobsToy,
                            "the child's former guardian", formerGuardian, "a parent invited who has not accepted", invitee);
                    default -> Map.of("another parent", bob, "another child's toy", bobsToy);
                };
                for (Map.Entry<String, Supplier<String>> attacker : attackers.entrySet()) {
                    calls++;
                    check(operation.operationId(), attack, attacker.getValue().get(), attacker.getKey(), plan, failures);
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
        PLANS.forEach((operationId, plan) -> {
            Supplier<String> owner = plan.owner().apply(victim);
            if (plan.scope() != Scope.VICTIMS || owner == null) {
                return;
            }
            // Only the status counts here, so the client reads the answer as an app does.
            Apis.Answer answer = Apis.call(owner.get(), Apis.LENIENT, apis -> plan.attacks().get(0).on(apis, victim));
            reachedAnother(operationId, answer).ifPresent(failures::add);
            if (answer.status() != 200 || answer.failure() != null) {
                failures.add(operationId + " answered its owner " + answer.status() + ": " + answer.body() + " " + answer.failure());
            }
        });
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    /** Issue 19 item 4: both guardians see the child; the co-guardian is answered what Alice is for her child's reads. */
    @Test
    void theChildsCoGuardianIsAnsweredLikeAlice() {
        Supplier<String> coGuardian = new CachedToken(household.coGuardian::token);
        List<String> failures = new ArrayList<>();
        for (String operationId : GUARDIANS_READ) {
            Apis.Answer answer = Apis.call(coGuardian.get(), Apis.LENIENT, apis -> PLANS.get(operationId).attacks().get(0).on(apis, victim));
            reachedAnother(operationId, answer).ifPresent(failures::add);
            if (answer.status() != 200 || answer.failure() != null) {
                failures.add(operationId + " answered the co-guardian " + answer.status() + ": " + answer.body() + " " + answer.failure());
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    private static void check(String operationId, Attack attack, String token, String attacker, Plan plan, List<String> failures) {
        Apis.Answer answer = Apis.call(token, Apis.STRICT, apis -> attack.on(apis, victim));
        String what = operationId + " (" + answer.method() + " " + answer.sent() + ") as " + attacker + " -> " + answer.status();
        reachedAnother(operationId, answer).ifPresent(failures::add);
        if (answer.failure() != null) {
            failures.add(what + " (the generated client failed: " + answer.failure() + "): " + answer.body());
        }
        if (plan.scope() == Scope.VICTIMS && answer.status() != 403 && answer.status() != 404) {
            failures.add(what + " (expected 403 or 404): " + answer.body());
        }
        if (answer.status() >= 500) {
            failures.add(what + " (server error): " + answer.body());
        }
        // Only the path and query can carry what the attacker sent of Alice's: the plans' request bodies are constants.
        for (String secret : victim.secrets()) {
            if (!answer.sent().contains(secret) && answer.body().contains(secret)) {
                failures.add(what + " leaked Alice's data '" + secret + "'");
            }
        }
    }

    /** A plan whose typed method is not its operationId's: the request that went out, matched against the served document. */
    private static Optional<String> reachedAnother(String operationId, Apis.Answer answer) {
        if (answer.method() == null) {
            return Optional.of(operationId + "'s plan sent nothing: " + answer.failure());
        }
        String reached = AttackSurface.reachedBy(answer.method(), answer.path()).map(AttackSurface.Operation::operationId).orElse(null);
        return operationId.equals(reached) ? Optional.empty()
                : Optional.of(operationId + "'s plan called " + reached + " (" + answer.method() + " " + answer.path() + ")");
    }

    private static Attack answersNothing(Effect effect) {
        return (apis, v) -> {
            effect.on(apis, v);
            return null;
        };
    }

    private static void isPublic(String operationId, Attack attack, String justification) {
        PLANS.put(operationId, new Plan(Scope.PUBLIC, List.of(attack), v -> null, justification));
    }

    private static void callersOwn(String operationId, Attack attack, String reason) {
        PLANS.put(operationId, new Plan(Scope.CALLERS_OWN, List.of(attack), v -> null, reason));
    }

    private static void victims(String operationId, Function<Victim, Supplier<String>> owner, Attack... attacks) {
        PLANS.put(operationId, new Plan(Scope.VICTIMS, List.of(attacks), owner, "names Alice's objects"));
    }
}
