package org.kidsafe.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kidsafe.embedded.Nginx;
import org.kidsafe.testsupport.DebianPackages;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rate limits that see the real client (issue 17 item 2): the gateway behind Debian's nginx, configured as the chart's
 * ingress must be (embedded-platform's {@link Nginx}), and trusting that proxy alone, as the local platform does.
 * Every client has a loopback address of its own (Linux routes all of 127.0.0.0/8 to lo), so "behind the proxy" and
 * "outside the trusted range" are real TCP source addresses, not headers. The anonymous route allows 1 request/s with a
 * burst of 10, so at most 65 requests, none of them waiting, prove it.
 *
 * <p>On the code before issue 17 every request through nginx counted against nginx's own address: the second client
 * behind the proxy was refused with 429 as soon as the first had spent the burst ({@link #twoClientsBehindTheProxyHaveTheirOwnBuckets}).
 */
class TrustedProxyIT {

    /** A public route, limited per client address: consent-service's public keys. */
    private static final String PUBLIC_ROUTE = "/api/v1/keys";
    /** More than the burst (10) plus what refills while they are sent. */
    private static final int ENOUGH_TO_EXHAUST = 20;

    private static Nginx nginx;
    private static InetSocketAddress gateway;
    private static InetSocketAddress proxy;

    @BeforeAll
    static void startProxy() {
        DebianPackages.ensure("Debian's nginx", Nginx::installed, "nginx");
        URI gatewayUrl = URI.create(RunningPlatform.get().gatewayUrl());
        gateway = new InetSocketAddress(gatewayUrl.getHost(), gatewayUrl.getPort());
        nginx = Nginx.proxying(gatewayUrl.getHost() + ":" + gatewayUrl.getPort(), Path.of("target/nginx-trusted-proxy"));
        proxy = new InetSocketAddress("127.0.0.1", nginx.port());
    }

    @AfterAll
    static void stopProxy() {
        if (nginx != null) {
            nginx.close();
        }
    }

    @Test
    void twoClientsBehindTheProxyHaveTheirOwnBuckets() {
        List<Integer> first = statuses("127.0.0.5", proxy, ENOUGH_TO_EXHAUST, i -> null);
        assertEquals(200, first.get(0), "the route answers through the proxy: " + first);
        assertTrue(first.contains(429), "the first client behind the proxy spends its own burst: " + first);

        List<Integer> second = statuses("127.0.0.6", proxy, 5, i -> null);
        assertTrue(second.stream().noneMatch(status -> status == 429),
                "the second client behind the proxy still has its own bucket, not the proxy's: " + second);
    }

    @Test
    void aSpoofedForwardedForFromOutsideTheTrustedRangeChangesNothing() {
        List<Integer> direct = statuses("127.0.0.3", gateway, ENOUGH_TO_EXHAUST, i -> "198.51.100." + i);
        assertTrue(direct.contains(429),
                "a direct client naming a new address in X-Forwarded-For each time still spends its own bucket: " + direct);
    }

    @Test
    void aForwardedForSentThroughTheProxyIsReplacedByTheAddressTheProxySees() {
        // The gateway takes X-Forwarded-For's left-most value: had nginx appended (proxy_add_x_forwarded_for), the
        // client's fake address would come first and pick a fresh bucket every time.
        List<Integer> behind = statuses("127.0.0.8", proxy, ENOUGH_TO_EXHAUST, i -> "203.0.113." + i);
        assertTrue(behind.contains(429), "a client behind the proxy cannot choose its bucket: " + behind);
    }

    /** Sends {@code count} GETs of the public route from {@code local} to {@code target}; each with its own connection. */
    private static List<Integer> statuses(String local, InetSocketAddress target, int count,
                                          IntFunction<String> forwardedFor) {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            statuses.add(get(local, target, forwardedFor.apply(i)));
        }
        return statuses;
    }

    /** java.net.http cannot choose its local address, so one HTTP/1.1 request on a plain socket bound to {@code local}. */
    private static int get(String local, InetSocketAddress target, String forwardedFor) {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(local), 0));
            socket.connect(target, 5_000);
            socket.setSoTimeout(10_000);
            String request = "GET " + PUBLIC_ROUTE + " HTTP/1.1\r\nHost: kidsafe.localhost\r\nConnection: close\r\n"
                    + (forwardedFor == null ? "" : "X-Forwarded-For: " + forwardedFor + "\r\n") + "\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String statusLine = readLine(socket);
            String[] parts = statusLine.split(" ", 3);
            assertEquals(3, parts.length, "not an HTTP status line: " + statusLine);
            return Integer.parseInt(parts[1]);
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + PUBLIC_ROUTE + " from " + local + " to " + target, e);
        }
    }

    private static String readLine(Socket socket) throws IOException {
        StringBuilder line = new StringBuilder();
        int next;
        while ((next = socket.getInputStream().read()) != -1 && next != '\n') {
            if (next != '\r') {
                line.append((char) next);
            }
        }
        return line.toString();
    }
}
