package org.kidsafe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.kidsafe.api.client.model.ToyCredentialsView;
import org.kidsafe.embedded.keycloak.KeycloakTokens;
import org.kidsafe.embedded.keycloak.KidSafeRealm;
import org.kidsafe.launcher.Platform;
import org.kidsafe.launcher.client.ParentJourney;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * (6) Toy identities at scale (issue 21 item 4: p95 flat within 1.5x from 1,000 to 50,000 toys). The realm is
 * seeded with toy users of the shape pairing makes (group {@value KidSafeRealm#TOYS_GROUP}, so role toy; attributes
 * child_id and device_pseudonym; a password credential) through Keycloak's partial import, cumulatively up to each
 * size of {@link Settings#toySizes()}; at each size a sample of real pairings is timed end to end through the gateway
 * (the parent's code, the toy's redemption, which makes the user through profile-service's registrar), then each new
 * toy's sign-in (password grant on {@value KidSafeRealm#TOY_CLIENT}) and one refresh. Sequential, one caller: the
 * figures are latencies, and their growth with the realm's size is the point.
 */
final class ToyIdentityBenchmark {

    private static final String NAME = "toy-identity";
    /**
     * Users per partial import request: one Keycloak transaction each, whose lookups flush (dirty-check) the entities
     * the transaction holds so far, so a batch's cost grows faster than its size: small batches.
     */
    private static final int SEED_BATCH = 50;
    /** Partial imports in flight: Keycloak imports each request in one thread; on a shared machine more requests get it a larger share of the cores. */
    private static final int SEED_PARALLEL = 8;
    /** Untimed pairings before the first size, so that the first size does not pay the services' JIT warm-up. */
    private static final int WARM_UP = 20;
    /**
     * Seeded toys share one secret, stored pre-hashed: Keycloak's own hash of 50,000 imported plaintext secrets would
     * take longer than the benchmark (its default hash is deliberately slow). pbkdf2-sha512 with Keycloak's default
     * iterations for it is a credential Keycloak verifies as is (and re-hashes to its default on first sign-in).
     */
    private static final String SEEDED_SECRET = "seeded-toy-secret-" + UUID.randomUUID();
    private static final int PBKDF2_ITERATIONS = 210_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Platform platform;
    private final Settings settings;
    private final Results results;
    private final ParentJourney journey;
    private final Supplier<String> parent;
    private final int notice;
    private final KeycloakAdminApi admin;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, String> seededCredential;
    /** Toy users this benchmark has put into the realm so far, seeded or paired. */
    private int toys;
    private String seededExample;

    /** @param parent a parent whose email is already verified, so she may grant consent */
    ToyIdentityBenchmark(Platform platform, Settings settings, Results results, ParentJourney journey, Supplier<String> parent, int notice) {
        this.platform = platform;
        this.admin = new KeycloakAdminApi(platform.keycloak());
        this.settings = settings;
        this.results = results;
        this.journey = journey;
        this.parent = parent;
        this.notice = notice;
        this.seededCredential = pbkdf2Credential(SEEDED_SECRET);
    }

    /** The timings at one size, in milliseconds. */
    private record Sample(List<Double> pairing, List<Double> redemption, List<Double> signIn, List<Double> refresh) {

        Sample() {
            this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }

        Map<String, List<Double>> byOperation() {
            Map<String, List<Double>> operations = new LinkedHashMap<>();
            operations.put("pairing (code + redemption)", pairing);
            operations.put("redemption (makes the user)", redemption);
            operations.put("toy sign-in (password grant)", signIn);
            operations.put("toy refresh", refresh);
            return operations;
        }
    }

    void run() {
        pairSample(childWithProfile(), settings.quick() ? 5 : WARM_UP, new Sample());
        Map<Integer, Sample> samples = new LinkedHashMap<>();
        for (int size : settings.toySizes()) {
            seedUpTo(size);
            signInSeededToy();
            String subject = String.format(Locale.ROOT, "%,d toys", toys);
            Sample sample = new Sample();
            long begun = System.nanoTime();
            pairSample(childWithProfile(), settings.toySample(), sample);
            double seconds = (System.nanoTime() - begun) / 1e9;
            String how = settings.toySample() + " in a row through the gateway, one caller; realm users by the Admin API count: " + userCount();
            sample.byOperation().forEach((operation, millis) -> {
                results.add(NAME, subject, operation + " p50", Stats.median(millis), "ms", millis.size(), how);
                results.add(NAME, subject, operation + " p95", Stats.percentile(millis, 95), "ms", millis.size(), how);
            });
            results.add(NAME, subject, "sample duration", seconds, "s", 1, "pairings, sign-ins and refreshes of the sample");
            samples.put(size, sample);
            ratios(samples);
            // Seeding the next size can take long on a busy machine: a run stopped there keeps what was measured.
            results.write(settings.output());
        }
    }

    /** p95 and p50 at the latest size over the smallest, per operation: the goal is p95 within 1.5x. */
    private void ratios(Map<Integer, Sample> samples) {
        if (samples.size() < 2) {
            return;
        }
        List<Integer> sizes = new ArrayList<>(samples.keySet());
        Sample smallest = samples.get(sizes.get(0));
        Sample largest = samples.get(sizes.get(sizes.size() - 1));
        String subject = String.format(Locale.ROOT, "%,d / %,d toys", sizes.get(sizes.size() - 1), sizes.get(0));
        Map<String, List<Double>> small = smallest.byOperation();
        largest.byOperation().forEach((operation, millis) -> {
            results.add(NAME, subject, operation + " p95 ratio", Stats.percentile(millis, 95) / Stats.percentile(small.get(operation), 95),
                    "ratio", millis.size(), "goal <= 1.5 (issue 21 item 4); same run, sizes one after the other");
            results.add(NAME, subject, operation + " p50 ratio", Stats.median(millis) / Stats.median(small.get(operation)),
                    "ratio", millis.size(), "same run");
        });
    }

    /** A new child of the parent with PROFILE consent and a profile, which pairing needs; one per size, so every size pairs its sample to a child without toys. */
    private UUID childWithProfile() {
        UUID child = journey.registerChild(parent.get());
        journey.grant(parent.get(), child, "PROFILE", notice).expect(201);
        String displayName = journey.suggestDisplayNames(parent.get()).get(0);
        // Consent reaches profile-service's projection asynchronously.
        Family.until(() -> journey.putProfile(parent.get(), child, displayName), response -> response.status() == 200, "the child's profile");
        return child;
    }

    /** {@code count} pairings of new devices to the child, each followed by the toy's sign-in and one refresh, timed into {@code sample}. */
    private void pairSample(UUID child, int count, Sample sample) {
        for (int i = 0; i < count; i++) {
            String parentToken = parent.get();
            String deviceId = "bench-toy-" + UUID.randomUUID();
            long begun = System.nanoTime();
            String code = journey.createPairingCode(parentToken, child);
            long redeeming = System.nanoTime();
            ToyCredentialsView credentials = journey.redeemPairingCode(code, deviceId).expect(201);
            long paired = System.nanoTime();
            toys++;
            KeycloakTokens.TokenResponse signedIn = KeycloakTokens.toy(platform.keycloak().issuer(), credentials.getUsername(),
                    credentials.getSecret());
            long signedInAt = System.nanoTime();
            signedIn.accessToken();
            KeycloakTokens.TokenResponse refreshed = KeycloakTokens.refresh(platform.keycloak().issuer(), KidSafeRealm.TOY_CLIENT,
                    signedIn.body().path("refresh_token").asText());
            long refreshedAt = System.nanoTime();
            refreshed.accessToken();
            sample.pairing().add((paired - begun) / 1e6);
            sample.redemption().add((paired - redeeming) / 1e6);
            sample.signIn().add((signedInAt - paired) / 1e6);
            sample.refresh().add((refreshedAt - signedInAt) / 1e6);
        }
    }

    /**
     * Partial import of toy users in batches, {@value #SEED_PARALLEL} requests at a time, until the realm holds
     * {@code size} of them; reports the rate.
     */
    private void seedUpTo(int size) {
        int missing = size - toys;
        if (missing <= 0) {
            return;
        }
        long begun = System.nanoTime();
        List<List<Map<String, Object>>> batches = new ArrayList<>();
        for (int planned = 0; planned < missing; planned += SEED_BATCH) {
            List<Map<String, Object>> users = new ArrayList<>();
            for (int i = 0; i < Math.min(SEED_BATCH, missing - planned); i++) {
                users.add(seededToy());
            }
            batches.add(users);
        }
        ExecutorService importers = Executors.newFixedThreadPool(SEED_PARALLEL);
        try {
            List<Future<?>> imports = new ArrayList<>();
            for (List<Map<String, Object>> users : batches) {
                imports.add(importers.submit(() -> {
                    JsonNode imported = admin.call("POST", "/partialImport", Map.of("ifResourceExists", "FAIL", "users", users));
                    if (imported.path("added").asInt() != users.size()) {
                        throw new IllegalStateException("Partial import added " + imported.path("added") + " of " + users.size() + " toys");
                    }
                }));
            }
            for (Future<?> done : imports) {
                done.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("Seeding toys failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            importers.shutdownNow();
        }
        toys += missing;
        double seconds = (System.nanoTime() - begun) / 1e9;
        results.add(NAME, String.format(Locale.ROOT, "seeding to %,d toys", size), "users imported per second", missing / seconds, "users/s", batches.size(),
                String.format(Locale.ROOT, "%,d users in %.0f s, partial import of %d users per request, %d requests in flight, pre-hashed credential",
                        missing, seconds, SEED_BATCH, SEED_PARALLEL));
    }

    /** A toy user as {@code KeycloakToyIdentityIssuer} makes it: synthetic username and verified email, the toys' group, both attributes, a password. */
    private Map<String, Object> seededToy() {
        String username = "toy-" + UUID.randomUUID() + "@" + KidSafeRealm.TOY_USERNAME_DOMAIN;
        byte[] pseudonym = new byte[32];
        random.nextBytes(pseudonym);
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("username", username);
        user.put("email", username);
        user.put("emailVerified", true);
        user.put("enabled", true);
        user.put("groups", List.of(KidSafeRealm.TOYS_GROUP));
        user.put("attributes", Map.of(KidSafeRealm.ATTRIBUTE_CHILD_ID, List.of(UUID.randomUUID().toString()),
                KidSafeRealm.ATTRIBUTE_DEVICE_PSEUDONYM, List.of(Base64.getUrlEncoder().withoutPadding().encodeToString(pseudonym))));
        user.put("credentials", List.of(seededCredential));
        seededExample = username;
        return user;
    }

    /** The seeded shape is a working toy: the last seeded one signs in on the toy client (untimed; its first sign-in re-hashes). */
    private void signInSeededToy() {
        if (seededExample != null) {
            KeycloakTokens.toy(platform.keycloak().issuer(), seededExample, SEEDED_SECRET).accessToken();
        }
    }

    private static Map<String, String> pbkdf2Credential(String secret) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        try {
            byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512")
                    .generateSecret(new PBEKeySpec(secret.toCharArray(), salt, PBKDF2_ITERATIONS, 512)).getEncoded();
            return Map.of("type", "password",
                    "credentialData", JSON.writeValueAsString(Map.of("hashIterations", PBKDF2_ITERATIONS, "algorithm", "pbkdf2-sha512",
                            "additionalParameters", Map.of())),
                    "secretData", JSON.writeValueAsString(Map.of("value", Base64.getEncoder().encodeToString(hash),
                            "salt", Base64.getEncoder().encodeToString(salt), "additionalParameters", Map.of())));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot hash the seeded toys' secret", e);
        }
    }

    private int userCount() {
        return admin.call("GET", "/users/count", null).asInt();
    }
}
