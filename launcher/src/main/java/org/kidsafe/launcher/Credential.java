package org.kidsafe.launcher;

import org.kidsafe.embedded.keycloak.KidSafeRealm;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The credentials a KidSafe service holds, each rotatable by {@code ./kidsafe rotate <service> <option>} (issue 16 item 5;
 * docs/attacks.md, "Rotation after a breach"). Which service holds which is fixed here, once: the gateway holds its Keycloak
 * client and, for the rate limits its replicas share (issue 21 item 1), its own database's password; consent-service the
 * client that deletes a leaving parent's user (issue 19 item 5).
 */
public enum Credential {

    /** The role's PostgreSQL password ({@code keys/db-<database>.secret}). */
    DATABASE_PASSWORD("--db-password", List.of(Platform.CONSENT, Platform.PROFILE, Platform.MEDIA, Platform.GATEWAY)),
    /** The service's Kafka principal's SCRAM password ({@code keys/kafka-<service>.secret}). */
    KAFKA("--kafka", List.of(Platform.CONSENT, Platform.PROFILE, Platform.MEDIA)),
    /** The secret of the service's confidential Keycloak client ({@code keys/keycloak-<service>.secret}). */
    KEYCLOAK("--keycloak", List.of(Platform.CONSENT, Platform.PROFILE, Platform.GATEWAY)),
    /** The key the service signs reports and receipts with ({@code keys/<service>.key}). */
    SIGNING_KEY("--signing-key", List.of(Platform.CONSENT, Platform.PROFILE, Platform.MEDIA)),
    /**
     * The key-encryption key that wraps the service's data keys ({@code keys/<service>.keks/}, a KEK ring): a new version
     * wraps from then on, older ones stay readable until the re-wrap job has moved every key, and are destroyed by
     * {@code --retire-keks} or at the next {@code --kek} (issue 18 item 1). In {@code --all}: nothing becomes unreadable.
     */
    KEK("--kek", List.of(Platform.CONSENT, Platform.PROFILE, Platform.MEDIA));

    private final String option;
    private final List<String> holders;

    Credential(String option, List<String> holders) {
        this.option = option;
        this.holders = holders;
    }

    public String option() {
        return option;
    }

    public boolean heldBy(String service) {
        return holders.contains(service);
    }

    /** Every credential the service holds, in the order {@code --all} rotates them. */
    public static List<Credential> heldByService(String service) {
        return Arrays.stream(values()).filter(credential -> credential.heldBy(service)).toList();
    }

    static Optional<Credential> ofOption(String option) {
        return Arrays.stream(values()).filter(credential -> credential.option.equals(option)).findFirst();
    }

    /** The Keycloak client whose secret the service holds. */
    static String keycloakClient(String service) {
        return switch (service) {
            case Platform.CONSENT -> KidSafeRealm.PARENT_ACCOUNTS;
            case Platform.PROFILE -> KidSafeRealm.DEVICE_REGISTRAR;
            case Platform.GATEWAY -> KidSafeRealm.GATEWAY;
            default -> throw new IllegalArgumentException(service + " holds no Keycloak credential");
        };
    }
}
