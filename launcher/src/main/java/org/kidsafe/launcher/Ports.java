package org.kidsafe.launcher;

import org.kidsafe.embedded.FreePorts;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * The loopback ports of one local platform. Keycloak's PostgreSQL is a server of its own, as the chart gives Keycloak a
 * CloudNativePG cluster of its own: restarting the services' database server leaves sign-in alone. Each service has a
 * management port of its own beside its public one (health, metrics; issue 17 item 1): in the chart every pod uses 9000,
 * but here the services share one address, so {@link #standard()} puts it at the public port + 1000. Further instances of
 * a service ({@link #instance}) are {@code replicaStep} above the first: 8091 and 9091 for consent-service's second.
 */
public record Ports(int postgres, int keycloakPostgres, int kafka, int kafkaController, int smtp, int mailbox, int keycloak,
                    int gateway, int consent, int profile, int media,
                    int gatewayManagement, int consentManagement, int profileManagement, int mediaManagement,
                    int replicaStep) {

    /** How far above its public port a service's management port is in {@link #standard()}. */
    static final int MANAGEMENT_OFFSET = 1000;
    /** In {@link #standard()}, how far above the first instance's ports the next instance's are (8081, 8091, ...). */
    static final int STANDARD_REPLICA_STEP = 10;
    /** Most instances of a service {@link #standard()} has room for below Keycloak's 8180 (and in a 2-core laptop). */
    static final int MAX_REPLICAS = 4;

    /** The public and management ports of one instance of a service. */
    public record Instance(int port, int managementPort) {
    }

    /** The documented ports of {@code ./kidsafe up}. */
    public static Ports standard() {
        return new Ports(15432, 15433, 19092, 19093, 2525, 8025, 8180, 8080, 8081, 8082, 8083,
                8080 + MANAGEMENT_OFFSET, 8081 + MANAGEMENT_OFFSET, 8082 + MANAGEMENT_OFFSET, 8083 + MANAGEMENT_OFFSET,
                STANDARD_REPLICA_STEP);
    }

    /** Free ports, so a test platform never collides with a running one. */
    public static Ports free() {
        return new Ports(FreePorts.find(), FreePorts.find(), FreePorts.find(), FreePorts.find(), FreePorts.find(), FreePorts.find(), FreePorts.find(),
                FreePorts.find(), FreePorts.find(), FreePorts.find(), FreePorts.find(),
                FreePorts.find(), FreePorts.find(), FreePorts.find(), FreePorts.find(), 0);
    }

    /**
     * The ports of instance {@code index} (0 is the first, on {@link #of} and {@link #managementOf}) of a service run
     * as several instances (issue 21 item 2, {@code ./kidsafe up --replicas=N}): {@code index} x {@code replicaStep}
     * above the first's, or, where {@code replicaStep} is 0 ({@link #free()}), free ports of its own.
     */
    Instance instance(String service, int index) {
        if (index == 0) {
            return new Instance(of(service), managementOf(service));
        }
        if (replicaStep == 0) {
            return new Instance(FreePorts.find(), FreePorts.find());
        }
        if (index >= MAX_REPLICAS) {
            throw new IllegalArgumentException("At most " + MAX_REPLICAS + " instances of a service on the standard ports");
        }
        return new Instance(of(service) + index * replicaStep, managementOf(service) + index * replicaStep);
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

    /** Whether something accepts connections on this loopback port now: a running platform's component, or a leftover. */
    static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
