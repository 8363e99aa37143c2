package org.kidsafe.gateway.proxy;

import io.vertx.core.MultiMap;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** Which headers cross the gateway: everything end to end (Authorization, Range, Content-Type, ...), no hop-by-hop ones. */
public final class ForwardedHeaders {

    /** RFC 9110 §7.6.1 connection-specific headers, plus Host (the client's, not the service's). */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host");
    /** What the client claims about proxies is not trusted; the gateway states it itself. */
    private static final Set<String> CLIENT_FORWARDING = Set.of("forwarded", "x-forwarded-for", "x-forwarded-host",
            "x-forwarded-proto", "x-forwarded-port");

    private ForwardedHeaders() {
    }

    public static MultiMap request(MultiMap incoming, String clientAddress, String scheme) {
        MultiMap outgoing = endToEnd(incoming);
        CLIENT_FORWARDING.forEach(outgoing::remove);
        outgoing.set("X-Forwarded-For", clientAddress);
        outgoing.set("X-Forwarded-Proto", scheme);
        return outgoing;
    }

    public static MultiMap response(MultiMap incoming) {
        return endToEnd(incoming);
    }

    private static MultiMap endToEnd(MultiMap incoming) {
        Set<String> namedByConnection = incoming.getAll("Connection").stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(name -> name.trim().toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        MultiMap outgoing = MultiMap.caseInsensitiveMultiMap();
        incoming.forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(lower) && !namedByConnection.contains(lower)) {
                outgoing.add(name, value);
            }
        });
        return outgoing;
    }
}
