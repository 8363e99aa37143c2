package org.kidsafe.launcher;

import org.kidsafe.embedded.FreePorts;

/**
 * The loopback ports of one local platform. Keycloak's PostgreSQL is a server of its own, as the chart gives Keycloak a
 * CloudNativePG cluster of its own: restarting the services' database server leaves sign-in alone. Each service has a
 * management port of its own beside its public one (health, metrics; issue 17 item 1): in the chart every pod uses 9000,
 * but here the services share one address, so {@link #standard()} puts it at the public port + 1000.
 */
public record Ports(int postgres, int keycloakPostgres, int kafka, int kafkaController, int smtp, int mailbox, int keycloak,
                    int gateway, int consent, int profile, int media,
                    int gatewayManagement, int consentManagement, int profileManagement, int mediaManagement) {

    /** How far above its public port a service's management port is in {@link #standard()}. */
    static final int MANAGEMENT_OFFSET = 1000;

    /** The documented ports of {@code ./kidsafe up}. */
    public static Ports standard() {
        return new Ports(15432, 15433, 19092, 19093, 2525, 8025, 8180, 8080, 8081, 8082, 8083,
                8080 + MANAGEMENT_OFFSET, 8081 + MANAGEMENT_OFFSET, 8082 + MANAGEMENT_OFFSET, 8083 + MANAGEMENT_OFFSET);
    }

    /** Free ports, so a test platform never collides with a running one. */
    public static Ports free() {
        return new Ports(FreePorts.find(), FreePorts.find(), FreePorts.find(), FreePorts.find(), FreePorts.find(), FreePorts.find(), FreePorts.find(),
                FreePorts.find(), FreePorts.find(), FreePorts.find(), FreePorts.find(),
                FreePorts.find(), FreePorts.find(), FreePorts.find(), FreePorts.find());
    }

    int of(String service) {
        return switch (service) {
            case Platform.GATEWAY -> gateway;
            case Platform.CONSENT -> consent;
            case Platform.PROFILE -> profile;
            case Platform.MEDIA -> media;
            default -> throw new IllegalArgumentException(service);
        };
    }

    int managementOf(String service) {
        return switch (service) {
            case Platform.GATEWAY -> gatewayManagement;
            case Platform.CONSENT -> consentManagement;
            case Platform.PROFILE -> profileManagement;
            case Platform.MEDIA -> mediaManagement;
            default -> throw new IllegalArgumentException(service);
        };
    }
}
