package org.kidsafe.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.Test;
import org.kidsafe.embedded.KafkaBroker;
import org.kidsafe.embedded.KafkaCredentials;
import org.kidsafe.embedded.ServiceDatabase;
import org.kidsafe.embedded.keycloak.DevRealm;
import org.kidsafe.embedded.keycloak.KeycloakTokens;
import org.kidsafe.embedded.keycloak.KidSafeRealm;
import org.kidsafe.launcher.Credential;
import org.kidsafe.launcher.Platform;
import org.kidsafe.launcher.client.ParentJourney;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rotation after a breach (issue 16 item 5; docs/attacks.md, "Rotation after a breach"): every credential of
 * profile-service (database password, Kafka password, Keycloak client secret, signing key, KEK: {@code ./kidsafe rotate
 * profile-service --all}) and the gateway's Keycloak client secret are rotated while parents' requests keep arriving
 * through the gateway, some with fresh tokens so that the gateway exchanges them with its secret as it is at that moment.
 * No request fails, no service restarts; afterwards each old credential is refused where it is checked (a new database
 * login, a database session opened before, a new Kafka login, a Kafka session opened before once it must
 * re-authenticate, Keycloak's token endpoint for both clients), each new one works, and profile-service still consumes
 * and produces events with its new Kafka password (an erasure completes with its signed report).
 */
class CredentialRotationIT {

    private static final Duration RECEIPT_WITHIN = Duration.ofMinutes(2);

    @Test
    void profileServiceAndTheGatewayKeepAnsweringWhileTheirCredentialsRotateAndTheOldOnesAreRefused() throws Exception {
        Platform platform = RunningPlatform.get();
        Family family = Family.withConsents(DevRealm.ALICE, "PROFILE").withProfile();
        ServiceDatabase databaseBefore = platform.database(Platform.PROFILE);
        KafkaCredentials kafkaBefore = platform.kafkaLogin(Platform.PROFILE);
        String registrarBefore = platform.keycloakClientSecret(Platform.PROFILE);
        String gatewayBefore = platform.keycloakClientSecret(Platform.GATEWAY);
        String issuer = platform.keycloak().issuer();

        try (Connection stolenSession = databaseBefore.connect(); Admin stolenKafkaSession = kafkaAdmin(platform, kafkaBefore)) {
            stolenKafkaSession.describeCluster().nodes().get(30, TimeUnit.SECONDS);
            Traffic traffic = Traffic.start(family);
            for (Credential credential : Credential.heldByService(Platform.PROFILE)) {
                System.out.println(platform.rotate(Platform.PROFILE, credential));
            }
            System.out.println(platform.rotate(Platform.GATEWAY, Credential.KEYCLOAK));
            traffic.stopAfter(Duration.ofSeconds(10));
            assertEquals(List.of(), traffic.failures, "every request during and after the rotation was answered");
            assertTrue(traffic.freshTokens.get() >= 3, "the gateway exchanged fresh tokens after the rotation: " + traffic.freshTokens);

            assertThrows(SQLException.class, databaseBefore::connect, "a new database login with the old password");
            assertThrows(SQLException.class, () -> {
                try (Statement statement = stolenSession.createStatement()) {
                    statement.execute("SELECT 1");
                }
            }, "a database session opened with the old password was ended by the rotation");
            assertEquals(1, platform.database(Platform.PROFILE).count("SELECT count(*) FROM (SELECT 1) AS one"), "the new password logs in");

            assertFalse(KeycloakTokens.clientCredentials(issuer, KidSafeRealm.DEVICE_REGISTRAR, registrarBefore).ok(), "the old registrar secret");
            assertTrue(KeycloakTokens.clientCredentials(issuer, KidSafeRealm.DEVICE_REGISTRAR,
                    platform.keycloakClientSecret(Platform.PROFILE)).ok(), "the new registrar secret");
            String parent = Accounts.alice();
            assertFalse(KeycloakTokens.exchange(issuer, KidSafeRealm.GATEWAY, gatewayBefore, parent, KidSafeRealm.PROFILE).ok(),
                    "a token exchange with the gateway's old secret");
            assertTrue(KeycloakTokens.exchange(issuer, KidSafeRealm.GATEWAY, platform.keycloakClientSecret(Platform.GATEWAY), parent,
                    KidSafeRealm.PROFILE).ok(), "a token exchange with the gateway's new secret");

            try (Admin thief = kafkaAdmin(platform, kafkaBefore); Admin service = kafkaAdmin(platform, platform.kafkaLogin(Platform.PROFILE))) {
                Throwable refused = assertThrows(ExecutionException.class, () -> thief.describeCluster().nodes().get(30, TimeUnit.SECONDS),
                        "a new Kafka login with the old password").getCause();
                assertInstanceOf(SaslAuthenticationException.class, refused);
                service.describeCluster().nodes().get(30, TimeUnit.SECONDS);
            }
            await("the Kafka session opened with the old password ends at its re-authentication")
                    .atMost(KafkaBroker.REAUTHENTICATE_WITHIN.plusSeconds(30)).pollInterval(Duration.ofSeconds(5))
                    .until(() -> refusedNow(stolenKafkaSession));
        }

        // By now profile-service's own Kafka sessions have re-authenticated too, with the password from its file.
        UUID erasure = family.journey.deleteChild(family.parent, family.child);
        String receipt = family.journey.awaitReceipt(family.parent, erasure, RECEIPT_WITHIN).getReceipt();
        JsonNode claims = SigningKeyRotationIT.withinRateLimit(() -> Accounts.journey().verifyReceipt(receipt, erasure, family.child));
        assertEquals(3, claims.path("services").size(),
                "profile-service received the erasure request and reported, over Kafka with its new password");
    }

    private static Admin kafkaAdmin(Platform platform, KafkaCredentials login) {
        Map<String, Object> config = new HashMap<>(platform.kafka().clientConfig(login));
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return Admin.create(config);
    }

    private static boolean refusedNow(Admin session) {
        try {
            session.describeCluster().nodes().get(30, TimeUnit.SECONDS);
            return false;
        } catch (ExecutionException e) {
            return e.getCause() instanceof SaslAuthenticationException;
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * A parent reading the child's profile through the gateway four times a second (profile-service's database), and
     * signing in again every second time so that the gateway must exchange a token it has not seen (its Keycloak secret).
     */
    private static final class Traffic {

        final List<String> failures = new CopyOnWriteArrayList<>();
        final AtomicInteger freshTokens = new AtomicInteger();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicBoolean rotated = new AtomicBoolean(false);
        private final Thread thread;

        private Traffic(Family family) {
            this.thread = new Thread(() -> run(family), "rotation-traffic");
        }

        static Traffic start(Family family) {
            Traffic traffic = new Traffic(family);
            traffic.thread.start();
            return traffic;
        }

        private void run(Family family) {
            ParentJourney journey = Accounts.journey();
            for (int i = 0; running.get(); i++) {
                try {
                    String token = i % 2 == 0 ? family.parent : journey.signIn(family.user.username(), family.user.password());
                    int status = journey.profile(token, family.child).status();
                    if (status != 200) {
                        failures.add("request " + i + ": HTTP " + status);
                    } else if (i % 2 == 1 && rotated.get()) {
                        freshTokens.incrementAndGet();
                    }
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException e) {
                    failures.add("request " + i + ": " + e);
                }
            }
        }

        void stopAfter(Duration more) throws InterruptedException {
            rotated.set(true);
            Thread.sleep(more.toMillis());
            running.set(false);
            thread.join(Duration.ofSeconds(30).toMillis());
        }
    }
}
