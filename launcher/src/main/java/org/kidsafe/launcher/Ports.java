package org.kidsafe.launcher;

import org.kidsafe.embedded.FreePorts;

/**
 * The loopback ports of one local platform. Keycloak's PostgreSQL is a server of its own, as the chart gives Keycloak a
 * CloudNativePG cluster of its own: restarting the services' database server leaves sign-in alone.
 */
public record Ports(int postgres, int keycloakPostgres, int kafka, int kafkaController, int smtp, int mailbox, int keycloak,
                    int gateway, int consent, int profile, int media) {

    /** The documented ports of {@code ./kidsafe up}. */
    public static Ports standard() {
        return new Ports(15432, 15433, 19092, 19093, 2525, 8025, 8180, 8080, 8081, 8082, 8083);
    }

    /** Free ports, so a test platform never collides with a running one. */
    public static Ports free() {
        return new Ports(FreePorts.find(), FreePorts.find(), FreePorts.find(), FreePorts.find(), FreePorts.find(), FreePorts.find(), FreePorts.find(),
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
}
