package org.kidsafe.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks loopback ports that are free right now, so parallel test runs never collide.
 * <p>
 * The ports come from below the kernel's ephemeral range, never from it: a port is often picked long before its
 * server binds it (the services start after Keycloak, a minute later), and in between every outgoing connection
 * (JDBC, Kafka clients) takes a local port from the ephemeral range, so a port picked there can be taken by a
 * client before its server starts ("port in use" at start-up). Each port is handed out once per JVM.
 */
public final class FreePorts {

    /** The lowest port handed out: above the registered ports most local daemons use. */
    static final int LOWEST = 20000;
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    /** Where the ephemeral range starts when the kernel does not say (Linux's default). */
    private static final int DEFAULT_EPHEMERAL_START = 32768;
    private static final int ATTEMPTS = 200;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    public static int find() {
        int upper = ephemeralStart();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, upper);
            if (HANDED_OUT.add(port)) {
                if (bindable(port)) {
                    return port;
                }
                HANDED_OUT.remove(port);
            }
        }
        throw new UncheckedIOException(new IOException("No free loopback port between " + LOWEST + " and " + upper));
    }

    /** The first port of the kernel's ephemeral range, the upper bound (exclusive) of the ports handed out. */
    static int ephemeralStart() {
        try {
            int start = Integer.parseInt(Files.readString(EPHEMERAL_RANGE).trim().split("\\s+")[0]);
            return start > LOWEST + 1000 ? start : DEFAULT_EPHEMERAL_START;
        } catch (IOException | RuntimeException e) {
            return DEFAULT_EPHEMERAL_START;
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket ignored = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
